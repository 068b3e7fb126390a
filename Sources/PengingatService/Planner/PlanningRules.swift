import Foundation
import PengingatCore
import PengingatTemplates
import Yams

/// Everything the planner decides with: the calendars, the curriculum, the obligation
/// rules and the reminder policy, loaded and checked together.
public struct PlanningRules: Sendable {
    public let holidays: HolidayCalendar
    public let meetingCalendar: MeetingCalendar
    public let obligations: ObligationCalculator
    public let policy: ReminderPolicy

    public init(holidays: HolidayCalendar, curriculum: Curriculum, obligationRules: ObligationRules, policy: ReminderPolicy,
                pkhAksesIntervalMonths: Int = 3) {
        self.holidays = holidays
        self.meetingCalendar = MeetingCalendar(holidays: holidays, curriculum: curriculum, pkhAksesIntervalMonths: pkhAksesIntervalMonths)
        self.obligations = ObligationCalculator(rules: obligationRules, holidays: holidays)
        self.policy = policy
    }

    /// Loads the rule files the configuration names and turns its `reminders` section into a policy.
    public static func load(_ configuration: PengingatConfiguration) throws(ConfigurationError) -> PlanningRules {
        let settings = configuration.planner
        let restDays = try Set(settings.restDays.map { name throws(ConfigurationError) -> Weekday in
            guard let day = Weekday(indonesianName: name) else {
                throw ConfigurationError(path: "planner.rest_days", reason: .invalidValue("hari \(name) tidak dikenal"))
            }
            return day
        })
        guard ["maju", "mundur"].contains(settings.moveMeetings) else {
            throw ConfigurationError(path: "planner.move_meetings", reason: .invalidValue("harus maju atau mundur"))
        }
        let holidayFile: HolidayFile = try decode(settings.holidaysFile)
        let holidays = HolidayCalendar(
            holidays: try holidayFile.holidays(path: settings.holidaysFile), restDays: restDays,
            movesForward: settings.moveMeetings == "maju", schoolHolidays: try holidayFile.schoolHolidays(path: settings.holidaysFile),
            years: try holidayFile.years(path: settings.holidaysFile))
        let curriculum = try (decode(settings.curriculumFile) as CurriculumFile).curriculum(path: settings.curriculumFile)
        let rules = try (decode(settings.rulesFile) as ObligationRulesFile).rules(path: settings.rulesFile)
        return PlanningRules(
            holidays: holidays, curriculum: curriculum, obligationRules: rules,
            policy: try configuration.reminders.policy(), pkhAksesIntervalMonths: settings.pkhAksesIntervalMonths)
    }

    static func decode<T: Decodable>(_ path: String) throws(ConfigurationError) -> T {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(path: path, reason: .unreadable)
        }
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, let yaml = context.underlyingError as? YamlError {
                throw ConfigurationError(path: path, reason: .syntax("\(yaml)"))
            }
            throw ConfigurationError(path: path, reason: .invalidValue(error.pengingatDescription))
        } catch {
            throw ConfigurationError(path: path, reason: .syntax("\(error)"))
        }
    }
}

extension ReminderSettings {
    /// The policy these settings describe, or the first setting that makes no sense.
    public func policy() throws(ConfigurationError) -> ReminderPolicy {
        func time(_ text: String, _ key: String) throws(ConfigurationError) -> TimeOfDay {
            guard let time = TimeOfDay(text: text) else {
                throw ConfigurationError(path: key, reason: .invalidValue("jam \"\(text)\" tidak sah; tulis seperti \"17.00\""))
            }
            return time
        }
        var quiet: [ReminderPolicy.QuietTime] = []
        for (index, entry) in quietTimes.enumerated() {
            guard let day = Weekday(indonesianName: entry.day) else {
                throw ConfigurationError(path: "reminders.quiet_times.\(index).day", reason: .invalidValue("hari \(entry.day) tidak dikenal"))
            }
            quiet.append(ReminderPolicy.QuietTime(
                weekday: day, start: try time(entry.start, "reminders.quiet_times.\(index).start"),
                end: try time(entry.end, "reminders.quiet_times.\(index).end")))
        }
        var offsets: [ReminderPolicy.Topic: [ReminderPolicy.Offset]] = [:]
        for (name, entries) in self.offsets {
            let key = "reminders.offsets.\(name)"
            guard let topic = ReminderPolicy.Topic(rawValue: name) else {
                throw ConfigurationError(path: key, reason: .invalidValue("topik \(name) tidak dikenal; pilihan: "
                    + ReminderPolicy.Topic.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            offsets[topic] = try entries.enumerated().map { index, entry throws(ConfigurationError) in
                let entryKey = "\(key).\(index)"
                if let template = entry.template, MessageKind(rawValue: template) == nil {
                    throw ConfigurationError(path: entryKey, reason: .invalidValue("templat \(template) tidak ada"))
                }
                let anchor: ReminderPolicy.Offset.Anchor
                switch (entry.daysBefore, entry.hoursBefore, entry.windowOpening ?? false) {
                case (let days?, nil, false):
                    anchor = .daysBefore(days, at: try time(entry.at ?? "17.00", "\(entryKey).at"))
                case (nil, let hours?, false):
                    anchor = .hoursBefore(hours)
                case (nil, nil, true):
                    anchor = .windowOpening
                default:
                    throw ConfigurationError(path: entryKey, reason: .invalidValue(
                        "tulis tepat satu dari days_before (dengan at), hours_before atau window_opening"))
                }
                return ReminderPolicy.Offset(anchor: anchor, template: entry.template)
            }
        }
        guard maxMessagesPerPhonePerDay >= 1 else {
            throw ConfigurationError(path: "reminders.max_messages_per_phone_per_day", reason: .invalidValue("minimal 1"))
        }
        return ReminderPolicy(
            windowStart: try time(sendWindow.start, "reminders.send_window.start"),
            windowEnd: try time(sendWindow.end, "reminders.send_window.end"), quietTimes: quiet, offsets: offsets,
            maxMessagesPerPhonePerDay: maxMessagesPerPhonePerDay)
    }
}

struct HolidayFile: Decodable {
    struct Entry: Decodable {
        let tanggal: String
        let nama: String
        let jenis: String
    }
    struct SchoolBreak: Decodable {
        let dari: String
        let sampai: String
        let nama: String
    }
    struct Year: Decodable {
        let tahun: Int
        let status: String
        let sumber: String
    }
    let hari: [Entry]
    let libur_sekolah: [SchoolBreak]?
    let tahun: [Year]?

    func schoolHolidays(path: String) throws(ConfigurationError) -> [SchoolHoliday] {
        try (libur_sekolah ?? []).enumerated().map { index, entry throws(ConfigurationError) in
            guard let first = CalendarDate(iso: entry.dari), let last = CalendarDate(iso: entry.sampai), first <= last else {
                throw ConfigurationError(path: path, reason: .invalidValue(
                    "libur_sekolah.\(index): dari \(entry.dari) sampai \(entry.sampai) harus yyyy-mm-dd, dari tidak sesudah sampai"))
            }
            return SchoolHoliday(first: first, last: last, name: entry.nama)
        }
    }

    func years(path: String) throws(ConfigurationError) -> [HolidayYear] {
        try (tahun ?? []).enumerated().map { index, entry throws(ConfigurationError) in
            guard ["resmi", "sementara"].contains(entry.status) else {
                throw ConfigurationError(path: path, reason: .invalidValue(
                    "tahun.\(index).status: \(entry.status); pilihan: resmi, sementara"))
            }
            return HolidayYear(year: entry.tahun, isOfficial: entry.status == "resmi", source: entry.sumber)
        }
    }

    func holidays(path: String) throws(ConfigurationError) -> [Holiday] {
        try hari.enumerated().map { index, entry throws(ConfigurationError) in
            guard let date = CalendarDate(iso: entry.tanggal) else {
                throw ConfigurationError(path: path, reason: .invalidValue("hari.\(index).tanggal: \(entry.tanggal) bukan yyyy-mm-dd"))
            }
            guard let kind = Holiday.Kind(rawValue: entry.jenis) else {
                throw ConfigurationError(path: path, reason: .invalidValue(
                    "hari.\(index).jenis: \(entry.jenis); pilihan: libur_nasional, cuti_bersama, lokal"))
            }
            return Holiday(date: date, name: entry.nama, kind: kind)
        }
    }
}

struct CurriculumFile: Decodable {
    struct Session: Decodable {
        let modul: String
        let judul: String
        let judul_singkat: String?
        let pesan_kunci: String
        let judul_su: String?
        let judul_singkat_su: String?
        let pesan_kunci_su: String?
    }
    let mulai: String
    let sesi: [Session]

    func curriculum(path: String) throws(ConfigurationError) -> Curriculum {
        let parts = mulai.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
            throw ConfigurationError(path: path, reason: .invalidValue("mulai: \(mulai) bukan yyyy-mm"))
        }
        guard !sesi.isEmpty else { throw ConfigurationError(path: path, reason: .invalidValue("sesi: kosong")) }
        var numberInModule: [String: Int] = [:]
        let sessions = sesi.map { session in
            numberInModule[session.modul, default: 0] += 1
            // Sundanese needs a title and a key message; a session without them is told in Indonesian.
            let sundanese = session.judul_su.flatMap { title in
                session.pesan_kunci_su.map {
                    CurriculumSession.Text(title: title, shortTitle: session.judul_singkat_su, keyMessage: $0)
                }
            }
            return CurriculumSession(module: session.modul, number: numberInModule[session.modul] ?? 1,
                                     title: session.judul, shortTitle: session.judul_singkat, keyMessage: session.pesan_kunci,
                                     sundanese: sundanese)
        }
        return Curriculum(sessions: sessions, startYear: year, startMonth: month)
    }
}

extension PlanningRules {
    /// What the configuration puts into messages, for the template length check.
    public var configuredStrings: ConfiguredStrings {
        ConfiguredStrings(
            topics: meetingCalendar.curriculum.sessions.flatMap { [$0.shortTitle, $0.shortTitle(in: .sundanese)] },
            keyMessages: meetingCalendar.curriculum.sessions.flatMap { [$0.keyMessage, $0.keyMessage(in: .sundanese)] },
            vaccines: obligations.rules.immunisations.map(\.vaccines))
    }
}

struct ObligationRulesFile: Decodable {
    struct Window: Decodable {
        let kode: String
        let dari_hari: Int
        let sampai_hari: Int
        /// An antenatal visit with a doctor (K1 and K5, with ultrasound).
        let dokter: Bool?
    }
    struct Dose: Decodable {
        let umur_bulan: Int
        /// A list (`[PCV 1, RV 1]`), joined by each message in its language; a file written
        /// before lists were read has one text ("PCV 1 dan RV 1"), said as written.
        let vaksin: [String]

        enum CodingKeys: String, CodingKey { case umur_bulan, vaksin }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            umur_bulan = try container.decode(Int.self, forKey: .umur_bulan)
            if let list = try? container.decode([String].self, forKey: .vaksin) {
                vaksin = list
            } else {
                vaksin = [try container.decode(String.self, forKey: .vaksin)]
            }
        }
    }
    struct VitaminA: Decodable {
        let bulan: [Int]
        let dari_umur_bulan: Int
        let sampai_umur_bulan: Int
    }
    struct School: Decodable {
        let awal_semester: [String]
        let tanggal_verifikasi: Int
    }
    let periksa_hamil: [Window]
    let persiapan_persalinan_hari_sebelum_hpl: Int
    let kunjungan_nifas: [Window]
    let kunjungan_neonatal: [Window]
    let imunisasi: [Dose]
    let posyandu_balita_sampai_umur_bulan: Int
    let vitamin_a: VitaminA
    let sekolah: School

    func rules(path: String) throws(ConfigurationError) -> ObligationRules {
        func windows(_ list: [Window], _ key: String) throws(ConfigurationError) -> [ObligationRules.Window] {
            try list.map { window throws(ConfigurationError) in
                guard window.dari_hari <= window.sampai_hari else {
                    throw ConfigurationError(path: path, reason: .invalidValue("\(key) \(window.kode): dari_hari melewati sampai_hari"))
                }
                return ObligationRules.Window(code: window.kode, firstDay: window.dari_hari, lastDay: window.sampai_hari,
                                              withDoctor: window.dokter ?? false)
            }
        }
        let semesters = try sekolah.awal_semester.map { text throws(ConfigurationError) in
            guard let date = CalendarDate(iso: text) else {
                throw ConfigurationError(path: path, reason: .invalidValue("sekolah.awal_semester: \(text) bukan yyyy-mm-dd"))
            }
            return date
        }
        guard vitamin_a.dari_umur_bulan <= vitamin_a.sampai_umur_bulan,
              (1...31).contains(sekolah.tanggal_verifikasi)
        else { throw ConfigurationError(path: path, reason: .invalidValue("vitamin_a atau sekolah.tanggal_verifikasi")) }
        return ObligationRules(
            antenatalVisits: try windows(periksa_hamil, "periksa_hamil"),
            deliveryPreparationDaysBeforeDue: persiapan_persalinan_hari_sebelum_hpl,
            postnatalVisits: try windows(kunjungan_nifas, "kunjungan_nifas"),
            newbornVisits: try windows(kunjungan_neonatal, "kunjungan_neonatal"),
            immunisations: imunisasi.map { ObligationRules.Immunisation(ageMonths: $0.umur_bulan, vaccines: $0.vaksin) },
            posyanduChildMaxAgeMonths: posyandu_balita_sampai_umur_bulan,
            vitaminAMonths: Set(vitamin_a.bulan), vitaminAAgeMonths: vitamin_a.dari_umur_bulan...vitamin_a.sampai_umur_bulan,
            semesterStarts: semesters, schoolVerificationDay: sekolah.tanggal_verifikasi)
    }
}
