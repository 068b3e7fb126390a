import PengingatCore

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
        // A newborn not yet named is "bayi Bapak"; every other child has a full name.
        replace("anak", self == .newbornVisit ? wording.newborn(of: "Bapak") : "Muhammad Rizki")
        replace("lansia", "Aki Karta Wijaya")
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
        if let vaccines = longest(configured.vaccines.map(wording.list)) { replace("imunisasi", vaccines) }
        return values
    }
}
