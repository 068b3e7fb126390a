/// Computes a household's obligations in a date range from its members' dates and the rules.
/// Pure: the same household, rules and range always give the same obligations.
public struct ObligationCalculator: Sendable {
    public let rules: ObligationRules
    public let holidays: HolidayCalendar
    /// The hour a window obligation (antenatal visit, KF, school day) is considered open.
    public let opensAt: TimeOfDay

    public init(rules: ObligationRules, holidays: HolidayCalendar, opensAt: TimeOfDay = TimeOfDay(hour: 8, minute: 0)!) {
        self.rules = rules
        self.holidays = holidays
        self.opensAt = opensAt
    }

    private static let endOfDay = TimeOfDay(hour: 23, minute: 59)!

    /// Obligations that are open at some point in `first...last`: events on those days, and
    /// windows that overlap them (a window already open is included, so it can still be reminded).
    public func obligations(
        of household: Household, members: [Member], posyandu: Posyandu?, from first: CalendarDate,
        through last: CalendarDate
    ) -> [Obligation] {
        obligations(of: household, members: members, posyandu: posyandu,
                    posyanduDays: posyandu.map { posyanduDays($0, from: first, through: last) } ?? [], from: first, through: last)
    }

    /// The posyandu's days an obligation between `first` and `last` may depend on (a month
    /// before, two after): the same for every household the posyandu serves, so a planner works
    /// them out once per posyandu and passes them to `obligations(of:members:posyandu:posyanduDays:from:through:)`.
    public func posyanduDays(_ posyandu: Posyandu, from first: CalendarDate, through last: CalendarDate) -> [CalendarDate] {
        posyanduDates(posyandu, from: first.adding(days: -31), through: last.adding(days: 62))
    }

    public func obligations(
        of household: Household, members: [Member], posyandu: Posyandu?, posyanduDays: [CalendarDate],
        from first: CalendarDate, through last: CalendarDate
    ) -> [Obligation] {
        let active = members.filter(\.isActive)
        var result: [Obligation] = []
        func add(_ obligation: Obligation) {
            if obligation.expiry.date >= first, obligation.start.date <= last { result.append(obligation) }
        }
        // The same test on the dates alone, before an obligation is made: most of a schedule's
        // doses and windows lie outside the range, and making one builds its key and details.
        func overlaps(_ start: CalendarDate, _ end: CalendarDate) -> Bool { end >= first && start <= last }
        func at(_ date: CalendarDate, _ time: TimeOfDay? = nil) -> LocalDateTime {
            LocalDateTime(date: date, time: time ?? opensAt)
        }
        let posyanduTime = posyandu?.schedule.time ?? opensAt
        let posyanduDetails = posyandu.map { ["posyandu": $0.name, "place": $0.place] } ?? [:]

        for day in posyanduDays where day >= first && day <= last {
            let children = active.filter { member in
                guard let birth = member.birthDate, birth <= day else { return false }
                return birth.ageInMonths(on: day) <= rules.posyanduChildMaxAgeMonths
            }
            if !children.isEmpty {
                add(Obligation(kind: .posyanduChild, householdID: household.id, memberNames: children.map(\.name),
                               occurrence: "\(day)", start: at(day, posyanduTime), details: posyanduDetails))
            }
            let pregnant = active.filter { member in
                guard member.component == .pregnant, let due = member.expectedDeliveryDate,
                      let lmp = member.lastMenstrualPeriod else { return false }
                return lmp <= day && day < due
            }
            if !pregnant.isEmpty {
                add(Obligation(kind: .posyanduPregnant, householdID: household.id, memberNames: pregnant.map(\.name),
                               occurrence: "\(day)", start: at(day, posyanduTime), details: posyanduDetails))
            }
            let elderly = active.filter { $0.component == .elderly }
            if !elderly.isEmpty {
                add(Obligation(kind: .posyanduElderly, householdID: household.id, memberNames: elderly.map(\.name),
                               occurrence: "\(day)", start: at(day, posyanduTime), details: posyanduDetails))
            }
            if rules.vitaminAMonths.contains(day.month) {
                let eligible = active.filter { member in
                    guard let birth = member.birthDate, birth <= day else { return false }
                    return rules.vitaminAAgeMonths.contains(birth.ageInMonths(on: day))
                }
                if !eligible.isEmpty {
                    add(Obligation(kind: .vitaminA, householdID: household.id, memberNames: eligible.map(\.name),
                                   occurrence: "\(day.year)-\(day.month)", start: at(day, posyanduTime),
                                   details: posyanduDetails))
                }
            }
        }

        for member in active {
            if member.component == .pregnant, let lmp = member.lastMenstrualPeriod, let due = member.expectedDeliveryDate {
                for (index, window) in rules.antenatalVisits.enumerated()
                where overlaps(lmp.adding(days: window.firstDay), lmp.adding(days: window.lastDay)) {
                    add(Obligation(
                        kind: .antenatalVisit, householdID: household.id, memberNames: [member.name],
                        occurrence: "\(member.key)/\(lmp)/\(window.code)",
                        start: at(lmp.adding(days: window.firstDay)),
                        windowEnd: at(lmp.adding(days: window.lastDay), Self.endOfDay),
                        details: ["code": window.code, "number": "\(index + 1)", "doctor": window.withDoctor ? "yes" : "no"]))
                }
                add(Obligation(
                    kind: .deliveryPreparation, householdID: household.id, memberNames: [member.name],
                    occurrence: "\(member.key)/\(due)", start: at(due.adding(days: -rules.deliveryPreparationDaysBeforeDue)),
                    windowEnd: at(due), details: ["due": "\(due)"]))
            }
            if let delivery = member.deliveryDate {
                for (index, window) in rules.postnatalVisits.enumerated()
                where overlaps(delivery.adding(days: window.firstDay), delivery.adding(days: window.lastDay)) {
                    add(Obligation(
                        kind: .postnatalVisit, householdID: household.id, memberNames: [member.name],
                        occurrence: "\(member.key)/\(delivery)/\(window.code)", start: at(delivery.adding(days: window.firstDay)),
                        windowEnd: at(delivery.adding(days: window.lastDay), Self.endOfDay),
                        details: ["code": window.code, "number": "\(index + 1)"]))
                }
                let baby = active.first { $0.birthDate == delivery && $0.key != member.key }
                for (index, window) in rules.newbornVisits.enumerated()
                where overlaps(delivery.adding(days: window.firstDay), delivery.adding(days: window.lastDay)) {
                    add(Obligation(
                        kind: .newbornVisit, householdID: household.id, memberNames: baby.map { [$0.name] } ?? [],
                        occurrence: "\(member.key)/\(delivery)/\(window.code)", start: at(delivery.adding(days: window.firstDay)),
                        windowEnd: at(delivery.adding(days: window.lastDay), Self.endOfDay),
                        details: ["code": window.code, "number": "\(index + 1)"]))
                }
            }
            if let birth = member.birthDate, birth.ageInMonths(on: first) <= 24 {
                for dose in rules.immunisations {
                    let dueDate = birth.adding(months: dose.ageMonths)
                    // Immunisation happens at a posyandu or puskesmas session: the first posyandu day
                    // on or after the due age. Without a known session the message says from when
                    // it is due and asks them to check the day; it never names a time or place.
                    let session = posyanduDays.first { $0 >= dueDate }
                    guard overlaps(session ?? dueDate, session ?? dueDate) else { continue }
                    var details = session == nil ? [:] : posyanduDetails
                    details["session"] = session == nil ? "unknown" : "posyandu"
                    add(Obligation(
                        kind: .immunisation, householdID: household.id, memberNames: [member.name],
                        occurrence: "\(member.key)/\(birth)/\(dose.ageMonths)",
                        start: at(session ?? dueDate, session == nil ? nil : posyanduTime), vaccines: dose.vaccines,
                        details: details))
                }
            }
        }

        let pupils = active.filter { $0.component?.isSchool == true }
        if !pupils.isEmpty {
            let schools = pupils.map(\.schoolName).filter { !$0.isEmpty }
            let schoolDetails = ["school": Self.joined(Array(uniqued(schools)))]
            for start in rules.semesterStarts where overlaps(start, start) {
                add(Obligation(kind: .semesterStart, householdID: household.id, memberNames: pupils.map(\.name),
                               occurrence: "\(start)", start: at(start, TimeOfDay(hour: 7, minute: 0)), details: schoolDetails))
            }
            for month in CalendarDate.monthStarts(from: first, through: last) {
                let day = min(rules.schoolVerificationDay, CalendarDate.daysIn(month: month.month, year: month.year))
                // No attendance check in the school holidays (late December, late June).
                if let verification = CalendarDate(year: month.year, month: month.month, day: day),
                   !holidays.isSchoolHoliday(verification) {
                    add(Obligation(kind: .schoolAttendance, householdID: household.id, memberNames: pupils.map(\.name),
                                   occurrence: "\(verification.year)-\(verification.month)", start: at(verification),
                                   details: schoolDetails))
                }
            }
        }

        let disabled = active.filter { $0.component == .severeDisability }
        if !disabled.isEmpty {
            for month in CalendarDate.monthStarts(from: first, through: last) {
                let day = holidays.workingDay(from: month)
                add(Obligation(kind: .homeVisit, householdID: household.id, memberNames: disabled.map(\.name),
                               occurrence: "\(month.year)-\(month.month)", start: at(day)))
            }
        }
        return result.sorted { ($0.start, $0.key) < ($1.start, $1.key) }
    }

    /// The posyandu's days in a range, moved off holidays like meetings.
    public func posyanduDates(_ posyandu: Posyandu, from first: CalendarDate, through last: CalendarDate) -> [CalendarDate] {
        var dates: [CalendarDate] = []
        for month in CalendarDate.monthStarts(from: first, through: last) {
            if let day = posyandu.schedule.day.date(inYear: month.year, month: month.month) {
                let working = holidays.workingDay(from: day)
                if working >= first, working <= last { dates.append(working) }
            }
        }
        return dates
    }

    /// "Asep", "Asep dan Resti", "Asep, Resti dan Dadan" (`and` is "sareng" in Sundanese).
    public static func joined(_ names: [String], and: String = "dan") -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " \(and) " + (names.last ?? "")
        }
    }
}

/// Order-keeping de-duplication.
private func uniqued(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
