import Foundation
import PengingatCore
import Testing

/// Meetings, obligations and reminder timing: pure code on fixed dates.
@Suite("Meeting calendar")
struct MeetingCalendarTests {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    /// The holidays of reference/indonesia.md that these cases touch.
    static let holidays = HolidayCalendar(holidays: [
        (2026, 3, 18, "cuti"), (2026, 3, 19, "Nyepi"), (2026, 3, 20, "cuti"), (2026, 3, 21, "Idulfitri"),
        (2026, 3, 22, "Idulfitri"), (2026, 3, 23, "cuti"), (2026, 3, 24, "cuti"), (2026, 8, 17, "Kemerdekaan"),
        (2026, 12, 24, "cuti"), (2026, 12, 25, "Natal"), (2027, 3, 8, "Nyepi"), (2027, 3, 9, "cuti"),
        (2027, 3, 10, "Idulfitri"), (2027, 3, 11, "Idulfitri"), (2027, 3, 12, "cuti"), (2027, 3, 15, "cuti"),
    ].map { Holiday(date: date($0.0, $0.1, $0.2), name: $0.3, kind: .national) })

    static let curriculum = Curriculum(
        sessions: (1...4).map { CurriculumSession(module: "M", number: $0, title: "Sesi \($0)", keyMessage: "") },
        startYear: 2026, startMonth: 1)

    static func group(_ schedule: String, zone: IndonesianTimeZone = .wib, pkhAkses: Bool = false) -> Group {
        Group(id: "G", name: "G", facilitatorID: "F", kelurahan: "K", rw: "01", zone: zone,
              schedule: try! MeetingSchedule.parse(schedule), place: "Aula", isPKHAkses: pkhAkses)
    }

    let calendar = MeetingCalendar(holidays: holidays, curriculum: curriculum)

    func meeting(_ schedule: String, _ year: Int, _ month: Int, changes: [String: MeetingChange] = [:], pkhAkses: Bool = false) -> Meeting? {
        calendar.meeting(of: Self.group(schedule, pkhAkses: pkhAkses), year: year, month: month, changes: changes)
    }

    @Test("meetings leave holidays, cuti bersama and Sundays for the next working day", arguments: [
        ("Senin ke-4 09.00", 2026, 3, "2026-03-25"),  // 23 and 24 March 2026 are cuti bersama
        ("tanggal 20 09.00", 2026, 3, "2026-03-25"),  // 20 cuti, 21–22 Idulfitri, 23–24 cuti
        ("Senin ke-3 09.00", 2026, 8, "2026-08-18"),  // 17 August
        ("Jumat terakhir 13.30", 2026, 12, "2026-12-26"),  // 25 December
        ("Kamis terakhir 13.30", 2026, 12, "2026-12-31"),
        ("Rabu ke-2 09.00", 2027, 3, "2027-03-13"),  // 10–11 Idulfitri 2027, 12 cuti
        ("tanggal 15 08.00", 2026, 11, "2026-11-16"),  // 15 November 2026 is a Sunday
        ("tanggal 29 08.00", 2028, 2, "2028-02-29"),  // a leap day, a Tuesday
        ("tanggal 29 08.00", 2027, 2, "2027-03-01"),  // no 29 Feb 2027: the 28th, a Sunday, then Monday
        ("Selasa terakhir 09.00", 2027, 2, "2027-02-23"),  // February 2027 has four Tuesdays
        ("Selasa terakhir 09.00", 2027, 3, "2027-03-30"),  // March 2027 has five
    ])
    func holidayShifts(schedule: String, year: Int, month: Int, expected: String) throws {
        let found = try #require(meeting(schedule, year, month))
        #expect(found.start.date.description == expected)
        #expect(found.start.date.weekday != .sunday)
        #expect(Self.holidays.isWorkingDay(found.start.date))
    }

    @Test("a fifth Tuesday that does not exist is no date; the phrase is refused")
    func fifthTuesday() {
        #expect(MonthlyDayRule.nthWeekday(.tuesday, ordinal: 5).date(inYear: 2027, month: 2) == nil)
        #expect(MonthlyDayRule.nthWeekday(.tuesday, ordinal: 5).date(inYear: 2027, month: 3) == Self.date(2027, 3, 30))
        #expect(throws: ScheduleParseError.self) { try MeetingSchedule.parse("Selasa ke-5 09.00") }
    }

    @Test("moving backwards is configurable")
    func movesBackward() throws {
        let backwards = MeetingCalendar(
            holidays: HolidayCalendar(holidays: [Holiday(date: Self.date(2026, 8, 17), name: "HUT RI", kind: .national)],
                                      movesForward: false),
            curriculum: Self.curriculum)
        let found = try #require(backwards.meeting(of: Self.group("Senin ke-3 09.00"), year: 2026, month: 8, changes: [:]))
        #expect(found.start.date == Self.date(2026, 8, 15))  // Saturday before
    }

    @Test("a PKH-akses group meets every three months")
    func pkhAkses() {
        let months = (1...12).filter { meeting("Selasa ke-2 09.00", 2027, $0, pkhAkses: true) != nil }
        #expect(months == [1, 4, 7, 10])
        #expect((1...12).allSatisfy { meeting("Selasa ke-2 09.00", 2027, $0) != nil })
    }

    @Test("moves and cancellations apply, and sessions skip cancelled meetings")
    func changes() throws {
        let moved = try #require(MeetingChange(
            meetingID: "G/2026-12", newStart: LocalDateTime(date: Self.date(2026, 12, 10), time: TimeOfDay(hour: 13, minute: 30)!),
            newPlace: "Rumah Ketua"))
        let cancelled = MeetingChange(meetingID: "G/2026-11", cancelled: true)
        let changes = [moved.meetingID: moved, cancelled.meetingID: cancelled]
        let december = try #require(meeting("Selasa ke-2 09.00", 2026, 12, changes: changes))
        #expect(december.status == .moved)
        #expect(december.start.description == "2026-12-10 13.30")
        #expect(december.ruleStart.date == Self.date(2026, 12, 8))
        #expect(december.place == "Rumah Ketua")
        #expect(meeting("Selasa ke-2 09.00", 2026, 11, changes: changes)?.status == .cancelled)
        // Jan–Oct held 10 meetings (sessions 1–4, 1–4, 1–2), November cancelled: December takes session 3.
        #expect(december.session?.number == 3)
        #expect(meeting("Selasa ke-2 09.00", 2026, 12)?.session?.number == 4)
        let listed = calendar.meetings(of: Self.group("Selasa ke-2 09.00"), from: Self.date(2026, 11, 1),
                                       through: Self.date(2026, 12, 31), changes: changes)
        #expect(listed.map(\.id) == ["G/2026-11", "G/2026-12"])
    }

    @Test("wall times become the right instants in WIB, WITA and WIT")
    func zones() throws {
        let nine = LocalDateTime(date: Self.date(2026, 12, 8), time: TimeOfDay(hour: 9, minute: 0)!)
        #expect(nine.instant(in: .wib) == Date(timeIntervalSince1970: 1_796_695_200))  // 02:00Z
        #expect(nine.instant(in: .wita).timeIntervalSince1970 == 1_796_695_200 - 3600)
        #expect(nine.instant(in: .wit).timeIntervalSince1970 == 1_796_695_200 - 7200)
        #expect(LocalDateTime(nine.instant(in: .wit), in: .wib).description == "2026-12-08 07.00")
        #expect(nine.iso8601(in: .wita) == "2026-12-08T09:00+08:00")
    }
}

@Suite("Obligations")
struct ObligationTests {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    static let rules = ObligationRules(
        antenatalVisits: [
            .init(code: "K1", firstDay: 0, lastDay: 84), .init(code: "K2", firstDay: 85, lastDay: 126),
            .init(code: "K3", firstDay: 127, lastDay: 168), .init(code: "K4", firstDay: 169, lastDay: 210),
            .init(code: "K5", firstDay: 211, lastDay: 245), .init(code: "K6", firstDay: 246, lastDay: 280),
        ],
        deliveryPreparationDaysBeforeDue: 14,
        postnatalVisits: [.init(code: "KF1", firstDay: 0, lastDay: 2), .init(code: "KF2", firstDay: 3, lastDay: 7)],
        newbornVisits: [.init(code: "KN1", firstDay: 0, lastDay: 2)],
        immunisations: [.init(ageMonths: 2, vaccines: ["DPT-HB-Hib 1"]), .init(ageMonths: 9, vaccines: ["MR"])],
        posyanduChildMaxAgeMonths: 59, vitaminAMonths: [2, 8], vitaminAAgeMonths: 6...59,
        semesterStarts: [date(2027, 1, 4)], schoolVerificationDay: 25)

    let calculator = ObligationCalculator(rules: rules, holidays: HolidayCalendar())
    let household = Household(id: "H", caregiverName: "Ani", phone: nil, groupID: "G", rw: "01")
    let posyandu = Posyandu(id: "P", name: "Melati", kelurahan: "K", rw: "01",
                            schedule: try! MeetingSchedule.parse("tanggal 10 08.00"), place: "Balai RW 01")

    @Test("December 9999, the last month there is: posyandu days, school checks and home visits end", .timeLimit(.minutes(1)))
    func lastRepresentableMonth() {
        // The report for a month looks two months beyond it; past 9999 the old month step stood
        // still, and this test never returned (a time limit cannot stop a loop that never awaits).
        let first = Self.date(9999, 12, 1), last = Self.date(9999, 12, 31)
        #expect(calculator.posyanduDays(posyandu, from: first, through: last) == [Self.date(9999, 11, 10), Self.date(9999, 12, 10)])
        let pupil = Member(householdID: "H", name: "Dadan", birthDate: Self.date(9990, 1, 1), component: .primarySchool)
        let disabled = Member(householdID: "H", name: "Asep", component: .severeDisability)
        let found = calculator.obligations(of: household, members: [pupil, disabled], posyandu: nil, posyanduDays: [],
                                           from: first, through: last.adding(days: 62))
        #expect(found.filter { $0.kind == .schoolAttendance }.map(\.start.date) == [Self.date(9999, 12, 25)])
        #expect(found.filter { $0.kind == .homeVisit }.map(\.start.date.month) == [12])
    }

    @Test("a pregnancy across the year end: windows, posyandu until HPL, delivery preparation")
    func pregnancyAcrossYearEnd() {
        let mother = Member(householdID: "H", name: "Ani", component: .pregnant,
                            lastMenstrualPeriod: Self.date(2026, 5, 1))  // HPL 5 February 2027
        let found = calculator.obligations(of: household, members: [mother], posyandu: posyandu,
                                           from: Self.date(2026, 12, 1), through: Self.date(2027, 2, 28))
        let antenatal = found.filter { $0.kind == .antenatalVisit }
        #expect(antenatal.map { $0.details["code"] ?? "" } == ["K5", "K6"])  // K5: 28 Nov–1 Jan, K6: 2 Jan–5 Feb
        #expect(antenatal.last?.start.date == Self.date(2027, 1, 2))
        #expect(antenatal.last?.windowEnd?.date == Self.date(2027, 2, 5))
        let posyanduDays = found.filter { $0.kind == .posyanduPregnant }.map(\.start.date)
        #expect(posyanduDays == [Self.date(2026, 12, 10), Self.date(2027, 1, 11), Self.date(2027, 2, 10)]
            .filter { $0 < Self.date(2027, 2, 5) })  // 10 Jan 2027 is a Sunday
        let preparation = found.first { $0.kind == .deliveryPreparation }
        #expect(preparation?.start.date == Self.date(2027, 1, 22))
        #expect(preparation?.expiry.date == Self.date(2027, 2, 5))
    }

    @Test("immunisation at the first posyandu day after the due age; vitamin A in February")
    func children() {
        let baby = Member(householdID: "H", name: "Rizki", birthDate: Self.date(2026, 10, 20), component: .earlyChildhood)
        let found = calculator.obligations(of: household, members: [baby], posyandu: posyandu,
                                           from: Self.date(2026, 12, 1), through: Self.date(2027, 2, 28))
        let shots = found.filter { $0.kind == .immunisation }
        // Two months old on 20 December: the next posyandu day is 11 January (10 January is a Sunday).
        #expect(shots.map(\.start.date) == [Self.date(2027, 1, 11)])
        #expect(shots.first?.vaccines == ["DPT-HB-Hib 1"])
        #expect(found.filter { $0.kind == .posyanduChild }.count == 3)
        // Four months old in February: too young for vitamin A (6–59 months).
        #expect(found.filter { $0.kind == .vitaminA }.isEmpty)
        let toddler = Member(householdID: "H", name: "Dewi", birthDate: Self.date(2024, 1, 5), component: .earlyChildhood)
        let withToddler = calculator.obligations(of: household, members: [baby, toddler], posyandu: posyandu,
                                                 from: Self.date(2027, 2, 1), through: Self.date(2027, 2, 28))
        #expect(withToddler.filter { $0.kind == .vitaminA }.map(\.memberNames) == [["Dewi"]])
        // Children weighed the same day are one obligation naming both.
        #expect(withToddler.filter { $0.kind == .posyanduChild }.map(\.memberNames) == [["Rizki", "Dewi"]])
    }

    @Test("postnatal and newborn windows count from the delivery; a disabled member makes monthly visit tasks")
    func afterBirthAndVisits() {
        let mother = Member(householdID: "H", name: "Ani", component: .postpartum, deliveryDate: Self.date(2026, 12, 30))
        let baby = Member(householdID: "H", name: "Bayi", birthDate: Self.date(2026, 12, 30))
        let grandfather = Member(householdID: "H", name: "Aki", component: .severeDisability)
        let found = calculator.obligations(of: household, members: [mother, baby, grandfather], posyandu: nil,
                                           from: Self.date(2026, 12, 28), through: Self.date(2027, 2, 5))
        #expect(found.filter { $0.kind == .postnatalVisit }.map { $0.details["code"] ?? "" } == ["KF1", "KF2"])
        #expect(found.first { $0.kind == .postnatalVisit }?.windowEnd?.date == Self.date(2027, 1, 1))
        #expect(found.first { $0.kind == .newbornVisit }?.memberNames == ["Bayi"])
        // December's visit (the 1st) is before the range; January's and February's are in it.
        #expect(found.filter { $0.kind == .homeVisit }.map(\.start.date) == [Self.date(2027, 1, 1), Self.date(2027, 2, 1)])
    }
}

@Suite("Reminder policy")
struct ReminderPolicyTests {
    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> LocalDateTime {
        LocalDateTime(date: CalendarDate(year: y, month: m, day: d)!, time: TimeOfDay(hour: h, minute: min)!)
    }

    let policy = ReminderPolicy(offsets: [:])

    @Test("outside the window and during Friday prayer, a message waits for the next allowed moment")
    func window() {
        #expect(policy.nextAllowed(from: Self.at(2026, 12, 7, 5, 30)) == Self.at(2026, 12, 7, 7))
        #expect(policy.nextAllowed(from: Self.at(2026, 12, 7, 20)) == Self.at(2026, 12, 8, 7))
        #expect(policy.nextAllowed(from: Self.at(2026, 12, 11, 11, 45)) == Self.at(2026, 12, 11, 13))  // a Friday
        #expect(policy.nextAllowed(from: Self.at(2026, 12, 10, 11, 45)) == Self.at(2026, 12, 10, 11, 45))  // Thursday
    }

    @Test("offsets: before the event, inside the window, never after it begins or before now")
    func offsets() {
        let now = Self.at(2026, 12, 1, 0)
        let meeting = Self.at(2026, 12, 8, 8)
        let dayBefore = ReminderPolicy.Offset(anchor: .daysBefore(1, at: TimeOfDay(hour: 17, minute: 0)!))
        let twoHours = ReminderPolicy.Offset(anchor: .hoursBefore(2))
        #expect(policy.dueTime(dayBefore, eventStart: meeting, expiry: meeting, now: now) == Self.at(2026, 12, 7, 17))
        // 06.00 is before the window: 07.00 is still before the meeting.
        #expect(policy.dueTime(twoHours, eventStart: meeting, expiry: meeting, now: now) == Self.at(2026, 12, 8, 7))
        // A 07.00 meeting: 05.00 moves to 07.00, which is when it begins: nothing is sent.
        let early = Self.at(2026, 12, 8, 7)
        #expect(policy.dueTime(twoHours, eventStart: early, expiry: early, now: now) == nil)
        // Its time has passed.
        #expect(policy.dueTime(dayBefore, eventStart: meeting, expiry: meeting, now: Self.at(2026, 12, 7, 18)) == nil)
        // A window that opened in the past is caught up now, while it is open.
        let opening = ReminderPolicy.Offset(anchor: .windowOpening)
        #expect(policy.dueTime(opening, eventStart: Self.at(2026, 11, 20, 8), expiry: Self.at(2026, 12, 20, 23, 59),
                               now: Self.at(2026, 12, 1, 21)) == Self.at(2026, 12, 2, 7))
        #expect(policy.dueTime(opening, eventStart: Self.at(2026, 11, 20, 8), expiry: Self.at(2026, 11, 30, 23, 59),
                               now: now) == nil)
    }
}

@Suite("Salutation")
struct SalutationTests {
    @Test("a title already in the name becomes the salutation", arguments: [
        ("Ibu", "Siti Aminah", "Ibu", "Siti Aminah"),
        ("Ibu", "Ibu Siti Aminah", "Ibu", "Siti Aminah"),
        ("Ibu", "bu siti", "Ibu", "siti"),
        ("Ibu", "Bapak Ahmad", "Bapak", "Ahmad"),
        ("Ibu", "Bpk. Ahmad", "Bapak", "Ahmad"),
        ("Bapak", "Ny. Euis", "Ibu", "Euis"),
        ("Ibu", "Ibunda Sari", "Ibu", "Ibunda Sari"),
        ("Ibu", "Bu", "Ibu", "Bu"),
        ("Ibu", "  Ibu   Ani ", "Ibu", "Ani"),
    ])
    func greeting(salutation: String, name: String, expectedSalutation: String, expectedName: String) {
        let greeting = Salutation.greeting(salutation, name: name)
        #expect(greeting.salutation == expectedSalutation)
        #expect(greeting.name == expectedName)
    }
}
