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

    public init(holidays: [Holiday] = [], restDays: Set<Weekday> = [.sunday], movesForward: Bool = true) {
        self.holidays = Dictionary(holidays.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        self.restDays = restDays
        self.movesForward = movesForward
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
