/// One P2K2 meeting of one group: the occurrence of its monthly rule in one month, after
/// holidays and any one-off change.
public struct Meeting: Hashable, Sendable, Identifiable {
    public enum Status: String, Sendable, Hashable {
        case scheduled
        /// Moved by hand to another day, time or place.
        case moved
        case cancelled
    }

    /// `KLP-01/2026-12`: the group and the month of the rule's occurrence. Stable under
    /// moves, so a reminder, a move and attendance all refer to the same meeting.
    public let id: String
    public let groupID: Group.ID
    public let year: Int
    public let month: Int
    /// When it happens (its group's zone).
    public let start: LocalDateTime
    public let zone: IndonesianTimeZone
    public let place: String
    public let mode: Group.MeetingMode
    public let status: Status
    /// When the rule put it, after a holiday shift but before any change by hand.
    public let ruleStart: LocalDateTime
    /// The holiday or rest day the rule's date fell on, when it was shifted.
    public let shiftedFrom: (date: CalendarDate, reason: String)?
    public let session: CurriculumSession?

    public init(
        groupID: Group.ID, year: Int, month: Int, start: LocalDateTime, zone: IndonesianTimeZone, place: String,
        mode: Group.MeetingMode, status: Status, ruleStart: LocalDateTime,
        shiftedFrom: (date: CalendarDate, reason: String)? = nil, session: CurriculumSession?
    ) {
        self.id = Meeting.id(groupID: groupID, year: year, month: month)
        self.groupID = groupID
        self.year = year
        self.month = month
        self.start = start
        self.zone = zone
        self.place = place
        self.mode = mode
        self.status = status
        self.ruleStart = ruleStart
        self.shiftedFrom = shiftedFrom
        self.session = session
    }

    public static func id(groupID: Group.ID, year: Int, month: Int) -> String {
        "\(groupID)/\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// Splits `KLP-01/2026-12` into its group and month.
    public static func parse(id: String) -> (groupID: Group.ID, year: Int, month: Int)? {
        guard let slash = id.lastIndex(of: "/") else { return nil }
        let parts = id[id.index(after: slash)...].split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
            return nil
        }
        return (String(id[..<slash]), year, month)
    }

    public static func == (lhs: Meeting, rhs: Meeting) -> Bool {
        lhs.id == rhs.id && lhs.start == rhs.start && lhs.place == rhs.place && lhs.status == rhs.status
            && lhs.session == rhs.session
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(start)
    }
}

/// A change made by hand to one meeting.
public struct MeetingChange: Hashable, Sendable, Codable {
    public let meetingID: String
    /// The new wall time in the group's zone, nil to keep the rule's.
    public let newStart: LocalDateTime?
    public let newPlace: String?
    public let cancelled: Bool
    /// Who made the change (a facilitator id, or "cli").
    public let changedBy: String

    public init(meetingID: String, newStart: LocalDateTime? = nil, newPlace: String? = nil, cancelled: Bool = false,
                changedBy: String = "cli") {
        self.meetingID = meetingID
        self.newStart = newStart
        self.newPlace = newPlace
        self.cancelled = cancelled
        self.changedBy = changedBy
    }
}
