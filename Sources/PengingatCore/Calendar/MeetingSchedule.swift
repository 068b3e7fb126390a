/// Which day of each month a recurring meeting falls on.
public enum MonthlyDayRule: Hashable, Sendable {
    /// The n-th such weekday of the month, n in 1...4 ("Selasa ke-2").
    case nthWeekday(Weekday, ordinal: Int)
    /// The last such weekday of the month ("Kamis terakhir").
    case lastWeekday(Weekday)
    /// A fixed day of the month, 1...31; in shorter months, the month's last day ("tanggal 15").
    case dayOfMonth(Int)

    /// The day this rule names in the given month.
    public func date(inYear year: Int, month: Int) -> CalendarDate? {
        switch self {
        case .dayOfMonth(let day):
            return CalendarDate(year: year, month: month, day: min(day, CalendarDate.daysIn(month: month, year: year)))
        case .nthWeekday(let weekday, let ordinal):
            guard let first = CalendarDate(year: year, month: month, day: 1) else { return nil }
            let offset = (weekday.rawValue - first.weekday.rawValue + 7) % 7
            let date = first.adding(days: offset + 7 * (ordinal - 1))
            return date.month == month ? date : nil
        case .lastWeekday(let weekday):
            let lastDay = CalendarDate.daysIn(month: month, year: year)
            guard let last = CalendarDate(year: year, month: month, day: lastDay) else { return nil }
            let back = (last.weekday.rawValue - weekday.rawValue + 7) % 7
            return last.adding(days: -back)
        }
    }
}

/// A recurring monthly schedule: the rule for the day and the wall-clock time in the owner's zone.
/// Written by people as "Selasa ke-2 09.00", "Kamis terakhir 13.30", "tanggal 15 08.00".
public struct MeetingSchedule: Hashable, Sendable {
    public let day: MonthlyDayRule
    public let time: TimeOfDay

    public init(day: MonthlyDayRule, time: TimeOfDay) {
        self.day = day
        self.time = time
    }
}

extension MeetingSchedule: CustomStringConvertible {
    /// The canonical phrase, which `parse` reads back to the same schedule.
    public var description: String {
        switch day {
        case .nthWeekday(let weekday, let ordinal): "\(weekday.indonesianName) ke-\(ordinal) \(time)"
        case .lastWeekday(let weekday): "\(weekday.indonesianName) terakhir \(time)"
        case .dayOfMonth(let day): "tanggal \(day) \(time)"
        }
    }
}

extension MeetingSchedule: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try MeetingSchedule.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
