import PengingatCore

/// Dates, times and amounts as a message says them, in the reader's language.
///
/// Indonesian follows PUEBI: "Selasa, 8 Desember 2026 pukul 09.00 WIB" — no leading zero on
/// the day, a full stop in the time, 24-hour clock. Sundanese uses its own day and month
/// names and "tabuh" for the hour. Javanese templates do not exist yet, so Javanese readers
/// get Indonesian text and Indonesian wording.
public struct MessageWording: Sendable {
    public let language: Household.Language

    public init(language: Household.Language) {
        self.language = language == .sundanese ? .sundanese : .indonesian
    }

    public func weekday(_ weekday: Weekday) -> String {
        guard language == .sundanese else { return weekday.indonesianName }
        switch weekday {
        case .monday: return "Senén"
        case .tuesday: return "Salasa"
        case .wednesday: return "Rebo"
        case .thursday: return "Kemis"
        case .friday: return "Jumaah"
        case .saturday: return "Saptu"
        case .sunday: return "Minggu"
        }
    }

    public func month(_ month: Int) -> String {
        let names = language == .sundanese ? MessageWording.sundaneseMonths : IndonesianCalendarWords.monthNames
        return names[max(1, min(12, month)) - 1]
    }

    /// "8 Desember 2026".
    public func date(_ date: CalendarDate) -> String {
        "\(date.day) \(month(date.month)) \(date.year)"
    }

    /// "Selasa, 8 Desember 2026".
    public func dateWithWeekday(_ date: CalendarDate) -> String {
        "\(weekday(date.weekday)), \(self.date(date))"
    }

    /// "Selasa, 8 Desember" for a day from `today` up to 60 days ahead, where no reader can
    /// mistake the year and the message is shorter; "Selasa, 8 Desember 2026" otherwise.
    public func dateWithWeekday(_ date: CalendarDate, near today: CalendarDate) -> String {
        guard (0...60).contains(today.days(until: date)) else { return dateWithWeekday(date) }
        return "\(weekday(date.weekday)), \(date.day) \(month(date.month))"
    }

    /// What someone does at a posyandu session.
    public enum PosyanduActivity: Hashable, Sendable {
        case weighing
        case immunisation(String)
        case vitaminA
        case pregnancyCheck
        case healthCheck

        var rank: Int {
            switch self {
            case .weighing, .pregnancyCheck, .healthCheck: 0
            case .vitaminA: 1
            case .immunisation: 2
            }
        }
    }

    public struct MemberActivity: Hashable, Sendable {
        /// The member's name, or the reader's salutation ("Ibu") for her own pregnancy check.
        public let member: String
        public let activity: PosyanduActivity

        public init(member: String, activity: PosyanduActivity) {
            self.member = member
            self.activity = activity
        }
    }

    /// "Rizki ditimbang, imunisasi PCV 3 dan dapat vitamin A; Aki Karta periksa kesehatan":
    /// each member named once, with everything they do there: weighing and checks first, then
    /// vitamin A, and an immunisation last, so its list of vaccines ends the phrase.
    public func posyanduActivities(_ activities: [MemberActivity]) -> String {
        var order: [String] = []
        var byMember: [String: [String]] = [:]
        let sessionOrder = activities.enumerated().sorted { ($0.element.activity.rank, $0.offset) < ($1.element.activity.rank, $1.offset) }
        for entry in sessionOrder.map(\.element) {
            if byMember[entry.member] == nil { order.append(entry.member) }
            byMember[entry.member, default: []].append(phrase(entry.activity))
        }
        return order.map { "\($0) \(list(byMember[$0] ?? []))" }.joined(separator: "; ")
    }

    private func phrase(_ activity: PosyanduActivity) -> String {
        let sundanese = language == .sundanese
        return switch activity {
        case .weighing: "ditimbang"
        case .immunisation(let vaccines): "imunisasi \(vaccines)"
        case .vitaminA: sundanese ? "nampi vitamin A" : "dapat vitamin A"
        case .pregnancyCheck: sundanese ? "mariksakeun kakandungan" : "periksa kehamilan"
        case .healthCheck: sundanese ? "mariksakeun kasehatan" : "periksa kesehatan"
        }
    }

    /// What a member's commitments come to, in a household's words, short enough for one SMS:
    /// "kehadiran sekolah Asep dan posyandu Rizki"; commitments in their order, each with its members.
    public func commitments(_ items: [(Commitment, [String])]) -> String {
        let sundanese = language == .sundanese
        return list(items.sorted { $0.0 < $1.0 }.map { commitment, names in
            let activity = switch commitment {
            case .school: sundanese ? "kahadiran sakola" : "kehadiran sekolah"
            case .posyandu: "posyandu"
            case .antenatal: sundanese ? "pamariksaan kakandungan" : "periksa hamil"
            case .postnatal: sundanese ? "pamariksaan nifas" : "periksa nifas"
            case .immunisation: "imunisasi"
            }
            return "\(activity) \(list(names))"
        })
    }

    /// The same without naming any health service, for a phone the household shares.
    public var commitmentsUnnamed: String {
        language == .sundanese ? "sababaraha kagiatan kasehatan sareng sakola" : "beberapa kegiatan kesehatan dan sekolah"
    }

    /// "a", "a dan b", "a, b dan c" (Sundanese "sareng").
    public func list(_ items: [String]) -> String {
        ObligationCalculator.joined(items, and: language == .sundanese ? "sareng" : "dan")
    }

    /// A newborn not yet in the roster by name: "bayi Ibu" (Sundanese "putra Ibu").
    public func newborn(of salutation: String) -> String {
        (language == .sundanese ? "putra " : "bayi ") + salutation
    }

    /// "09.00 WIB".
    public func time(_ time: TimeOfDay, zone: IndonesianTimeZone) -> String {
        "\(time) \(zone.abbreviation.rawValue)"
    }

    /// "Selasa, 8 Desember 2026 pukul 09.00 WIB" (Sundanese: "… tabuh 09.00 WIB").
    public func dateTime(_ date: CalendarDate, _ time: TimeOfDay, zone: IndonesianTimeZone) -> String {
        "\(dateWithWeekday(date)) \(hourWord) \(self.time(time, zone: zone))"
    }

    /// Another group's meeting as a message offers it: "Kelompok Mawar, Kamis, 17 Desember 2026
    /// pukul 13.30 WIB" (Sundanese "… tabuh …").
    public func meetingMention(_ group: String, _ date: CalendarDate, _ time: TimeOfDay, zone: IndonesianTimeZone) -> String {
        "\(group), \(dateTime(date, time, zone: zone))"
    }

    /// The word before a time: "pukul" or "tabuh".
    public var hourWord: String { language == .sundanese ? "tabuh" : "pukul" }

    /// "hari ini", "besok", "lusa" (Sundanese "dinten ieu", "énjing", "pagéto"), or nil when
    /// the day is further away or already past: then the date itself says it.
    public func relativeDay(_ date: CalendarDate, today: CalendarDate) -> String? {
        let words = language == .sundanese ? ["dinten ieu", "énjing", "pagéto"] : ["hari ini", "besok", "lusa"]
        let distance = today.days(until: date)
        return words.indices.contains(distance) ? words[distance] : nil
    }

    /// "Rp750.000": no space, full stops between thousands, no decimals.
    public static func rupiah(_ amount: Int) -> String {
        let digits = String(abs(amount))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + "Rp" + grouped
    }

    static let sundaneseMonths = [
        "Januari", "Pébruari", "Maret", "April", "Méi", "Juni",
        "Juli", "Agustus", "Séptémber", "Oktober", "Nopémber", "Désémber",
    ]
}
