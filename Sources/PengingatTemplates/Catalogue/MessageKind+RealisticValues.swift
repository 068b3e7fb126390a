import PengingatCore

/// Strings the configuration puts into messages, so the length check measures what is sent:
/// the curriculum's topics and key messages, the immunisation schedule's vaccine lists.
public struct ConfiguredStrings: Sendable {
    public var topics: [String]
    public var keyMessages: [String]
    public var vaccines: [String]

    public init(topics: [String] = [], keyMessages: [String] = [], vaccines: [String] = []) {
        self.topics = topics
        self.keyMessages = keyMessages
        self.vaccines = vaccines
    }
}

extension MessageKind {
    /// The sample values made long as real rosters make them: "Bapak" and a two-word name, a
    /// child's full name, a long meeting place and posyandu, a WITA time, a date late in a long
    /// month, and the longest topic, key message and vaccine list the configuration holds.
    /// `templates check` holds reminders to their SMS budget with these too.
    public func realisticValues(language: Household.Language, configured: ConfiguredStrings = ConfiguredStrings()) -> TemplateValues {
        let wording = MessageWording(language: language)
        var values = sampleValues(language: language)
        func replace(_ name: String, _ value: String) {
            if values[name] != nil { values[name] = .text(value) }
        }
        func longest(_ strings: [String]) -> String? { strings.max { $0.count < $1.count } }
        values["sapaan"] = "Bapak"
        replace("nama", "Ahmad Saepudin")
        if values["anak"].map({ if case .text(let text) = $0 { text.hasPrefix("Rizki") || text == "Asep" } else { false } }) == true {
            replace("anak", "Muhammad Rizki")
        }
        replace("lansia", "Aki Karta Wijaya")
        if self == .newbornVisit { replace("anak", wording.newborn(of: "Bapak")) }
        replace("jam", wording.time(TimeOfDay(hour: 13, minute: 30)!, zone: .wita))
        let today = CalendarDate(year: 2027, month: 9, day: 20)!
        let late = CalendarDate(year: 2027, month: 9, day: 29)!
        switch category {
        case .p2k2:
            replace("tempat", "Balai Warga RW 05 Margabakti")
        case .health, .elderly:
            replace("tempat", self == .immunisationDue ? "Posyandu Melati II" : "Balai Warga RW 05")
            replace("posyandu", "Posyandu Melati II")
        default:
            break
        }
        if values["kapan"] != nil || [.immunisationDue, .vitaminA, .p2k2Rescheduled].contains(self) {
            // Events in the next weeks are worded without the year, as the planner words them.
            replace("tanggal", wording.dateWithWeekday(late, near: today))
        }
        if let topic = longest(configured.topics) { replace("topik", topic) }
        if let keyMessage = longest(configured.keyMessages) { replace("pesan_kunci", keyMessage) }
        if let vaccines = longest(configured.vaccines) { replace("imunisasi", vaccines) }
        if self == .posyanduDay {
            replace("kegiatan", wording.posyanduActivities([
                .init(member: "Muhammad Rizki", activity: .weighing),
                .init(member: "Muhammad Rizki", activity: .immunisation(longest(configured.vaccines) ?? "DPT-HB-Hib 1, Polio 2, PCV 1 dan RV 1")),
                .init(member: "Muhammad Rizki", activity: .vitaminA),
            ]))
        }
        return values
    }
}
