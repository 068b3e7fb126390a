import PengingatCore

/// The `planner` section: where the planner's rule files are and how meetings avoid holidays.
public struct PlannerSettings: Sendable, Equatable, Decodable {
    public var holidaysFile: String
    public var curriculumFile: String
    public var rulesFile: String
    public var restDays: [String]
    /// `maju` (next working day) or `mundur` (previous one).
    public var moveMeetings: String
    public var pkhAksesIntervalMonths: Int

    public init(
        holidaysFile: String = "Config/hari-libur.yaml", curriculumFile: String = "Config/kurikulum-p2k2.yaml",
        rulesFile: String = "Config/aturan-kewajiban.yaml", restDays: [String] = ["minggu"], moveMeetings: String = "maju",
        pkhAksesIntervalMonths: Int = 3
    ) {
        self.holidaysFile = holidaysFile
        self.curriculumFile = curriculumFile
        self.rulesFile = rulesFile
        self.restDays = restDays
        self.moveMeetings = moveMeetings
        self.pkhAksesIntervalMonths = pkhAksesIntervalMonths
    }

    enum CodingKeys: String, CodingKey {
        case holidaysFile = "holidays", curriculumFile = "curriculum", rulesFile = "rules"
        case restDays = "rest_days", moveMeetings = "move_meetings", pkhAksesIntervalMonths = "pkh_akses_interval_months"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PlannerSettings()
        holidaysFile = try c.decodeIfPresent(String.self, forKey: .holidaysFile) ?? d.holidaysFile
        curriculumFile = try c.decodeIfPresent(String.self, forKey: .curriculumFile) ?? d.curriculumFile
        rulesFile = try c.decodeIfPresent(String.self, forKey: .rulesFile) ?? d.rulesFile
        restDays = try c.decodeIfPresent([String].self, forKey: .restDays) ?? d.restDays
        moveMeetings = try c.decodeIfPresent(String.self, forKey: .moveMeetings) ?? d.moveMeetings
        pkhAksesIntervalMonths = try c.decodeIfPresent(Int.self, forKey: .pkhAksesIntervalMonths) ?? d.pkhAksesIntervalMonths
    }
}

/// The `reminders` section, as written; `ReminderPolicy` is what the planner uses.
public struct ReminderSettings: Sendable, Equatable, Decodable {
    public struct Window: Sendable, Equatable, Decodable {
        public var start: String
        public var end: String
    }

    public struct Quiet: Sendable, Equatable, Decodable {
        public var day: String
        public var start: String
        public var end: String
    }

    public struct Offset: Sendable, Equatable, Decodable {
        public var template: String?
        public var daysBefore: Int?
        public var at: String?
        public var hoursBefore: Int?
        public var windowOpening: Bool?

        enum CodingKeys: String, CodingKey {
            case template, at, daysBefore = "days_before", hoursBefore = "hours_before", windowOpening = "window_opening"
        }

        public init(
            template: String? = nil, daysBefore: Int? = nil, at: String? = nil, hoursBefore: Int? = nil,
            windowOpening: Bool? = nil
        ) {
            self.template = template
            self.daysBefore = daysBefore
            self.at = at
            self.hoursBefore = hoursBefore
            self.windowOpening = windowOpening
        }
    }

    public var sendWindow: Window
    public var quietTimes: [Quiet]
    public var maxMessagesPerPhonePerDay: Int
    public var offsets: [String: [Offset]]

    enum CodingKeys: String, CodingKey {
        case sendWindow = "send_window", quietTimes = "quiet_times"
        case maxMessagesPerPhonePerDay = "max_messages_per_phone_per_day", offsets
    }

    public static let standard = ReminderSettings(
        sendWindow: Window(start: "07.00", end: "20.00"),
        quietTimes: [Quiet(day: "jumat", start: "11.30", end: "13.00")],
        maxMessagesPerPhonePerDay: 2,
        offsets: [
            "p2k2": [
                Offset(template: "p2k2-reminder-days-before", daysBefore: 3, at: "17.00"),
                Offset(template: "p2k2-reminder-day-before", daysBefore: 1, at: "17.00"),
                Offset(template: "p2k2-reminder-same-day", hoursBefore: 2),
            ],
            "posyandu": [Offset(daysBefore: 1, at: "17.00")],
            "immunisation": [Offset(daysBefore: 1, at: "17.00")],
            "vitamin_a": [Offset(daysBefore: 1, at: "17.00")],
            "antenatal": [Offset(windowOpening: true)],
            "delivery_preparation": [Offset(windowOpening: true)],
            "postnatal": [Offset(windowOpening: true)],
            "newborn": [Offset(windowOpening: true)],
            "semester_start": [Offset(daysBefore: 1, at: "17.00")],
            "school_attendance": [Offset(daysBefore: 5, at: "17.00")],
        ])

    public init(sendWindow: Window, quietTimes: [Quiet], maxMessagesPerPhonePerDay: Int, offsets: [String: [Offset]]) {
        self.sendWindow = sendWindow
        self.quietTimes = quietTimes
        self.maxMessagesPerPhonePerDay = maxMessagesPerPhonePerDay
        self.offsets = offsets
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReminderSettings.standard
        sendWindow = try c.decodeIfPresent(Window.self, forKey: .sendWindow) ?? d.sendWindow
        quietTimes = try c.decodeIfPresent([Quiet].self, forKey: .quietTimes) ?? d.quietTimes
        maxMessagesPerPhonePerDay = try c.decodeIfPresent(Int.self, forKey: .maxMessagesPerPhonePerDay) ?? d.maxMessagesPerPhonePerDay
        offsets = try c.decodeIfPresent([String: [Offset]].self, forKey: .offsets) ?? d.offsets
    }
}
