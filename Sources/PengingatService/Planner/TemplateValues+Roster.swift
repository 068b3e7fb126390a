import PengingatCore
import PengingatTemplates

extension TemplateValues {
    /// `sapaan` and `nama` for a household: "Bapak" when its caregiver is a man in the member
    /// list, "Ibu" otherwise (most PKH caregivers are mothers); a title already in the name wins.
    static func greeting(for household: Household, members: [Member]) -> TemplateValues {
        greeting(salutation: salutation(for: household, members: members), household: household)
    }

    static func greeting(salutation: String, household: Household) -> TemplateValues {
        let greeting = Salutation.greeting(salutation, name: household.caregiverName)
        return ["sapaan": .text(greeting.salutation), "nama": .text(greeting.name)]
    }

    static func salutation(for household: Household, members: [Member]) -> String {
        let caregiverKey = Member.key(forName: household.caregiverName)
        // The same spelling is the same key: most rosters write the caregiver's name alike in both files.
        return members.first { $0.name == household.caregiverName || $0.key == caregiverKey }?.sex == .male ? "Bapak" : "Ibu"
    }

    /// "Ibu Siti Aminah": how a relay message names the household it is for.
    static func addressee(_ greeting: TemplateValues) -> String {
        [greeting["sapaan"], greeting["nama"]].compactMap { value -> String? in
            if case .text(let text)? = value { return text }
            return nil
        }.joined(separator: " ")
    }

    /// `tanggal`, `jam`, `tempat`, `daring`, and `kapan` and `topik` when they apply, for a
    /// message about `meeting` sent at `due`. A meeting in the next weeks is dated without the
    /// year: shorter, and no reader mistakes it.
    static func meeting(_ meeting: Meeting, due: LocalDateTime, wording: MessageWording) -> TemplateValues {
        var values: TemplateValues = [
            "tanggal": .text(wording.dateWithWeekday(meeting.start.date, near: due.date)),
            "jam": .text(wording.time(meeting.start.time, zone: meeting.zone)),
            "tempat": .text(meeting.place),
            "daring": .flag(meeting.mode == .online),
        ]
        if let relative = wording.relativeDay(meeting.start.date, today: due.date) { values["kapan"] = .text(relative) }
        if let session = meeting.session { values["topik"] = .text(session.shortTitle(in: wording.language)) }
        return values
    }
}
