/// A day on which no meeting is held: a national holiday, a day of cuti bersama, or a local
/// day an operator added.
public struct Holiday: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case national = "libur_nasional"
        case collectiveLeave = "cuti_bersama"
        case local = "lokal"
    }

    public let date: CalendarDate
    public let name: String
    public let kind: Kind

    public init(date: CalendarDate, name: String, kind: Kind) {
        self.date = date
        self.name = name
        self.kind = kind
    }
}

/// Which days meetings avoid, and where they go instead.
public struct HolidayCalendar: Sendable {
    private let holidays: [CalendarDate: Holiday]
    /// Weekdays on which no meeting is held (Sunday by default).
    public let restDays: Set<Weekday>
    /// A meeting on a rest day or holiday goes to the next working day (true) or the previous one.
    public let movesForward: Bool

    /// School holidays between semesters.
    public let schoolHolidays: [SchoolHoliday]
    /// The years the holiday list covers, each official or provisional.
    public let years: [Int: HolidayYear]

    public init(
        holidays: [Holiday] = [], restDays: Set<Weekday> = [.sunday], movesForward: Bool = true,
        schoolHolidays: [SchoolHoliday] = [], years: [HolidayYear] = []
    ) {
        self.holidays = Dictionary(holidays.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        self.restDays = restDays
        self.movesForward = movesForward
        self.schoolHolidays = schoolHolidays
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func isSchoolHoliday(_ date: CalendarDate) -> Bool {
        schoolHolidays.contains { $0.first <= date && date <= $0.last }
    }

    /// What is wrong with the years `first...last` reaches: a year the list does not cover, or
    /// covers with estimates only. Empty when every year is official.
    public func yearProblems(from first: CalendarDate, through last: CalendarDate) -> [YearProblem] {
        (first.year...max(first.year, last.year)).compactMap { year in
            guard let status = years[year] else { return .missing(year: year) }
            return status.isOfficial ? nil : .provisional(status)
        }
    }

    public enum YearProblem: Hashable, Sendable {
        case missing(year: Int)
        case provisional(HolidayYear)
    }

    public func holiday(on date: CalendarDate) -> Holiday? { holidays[date] }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        !restDays.contains(date.weekday) && holidays[date] == nil
    }

    /// `date` itself when it is a working day, else the nearest working day in the configured direction.
    public func workingDay(from date: CalendarDate) -> CalendarDate {
        var day = date
        // Two weeks is more than any run of holidays (Idulfitri with cuti bersama is about a week).
        for _ in 0..<15 where !isWorkingDay(day) {
            day = day.adding(days: movesForward ? 1 : -1)
        }
        return day
    }
}
