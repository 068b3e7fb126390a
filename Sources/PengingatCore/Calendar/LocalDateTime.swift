import Foundation

/// A wall-clock moment in some zone: a day and a time, as people say it.
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let date: CalendarDate
    public let time: TimeOfDay

    public init(date: CalendarDate, time: TimeOfDay) {
        self.date = date
        self.time = time
    }

    /// Minutes since 1970-01-01 00:00 on the wall clock (not an instant).
    public var wallMinutes: Int { date.daysSinceEpoch * 1440 + time.minutesSinceMidnight }

    public init(wallMinutes: Int) {
        let days = Int((Double(wallMinutes) / 1440).rounded(.down))
        let minutes = wallMinutes - days * 1440
        self.date = CalendarDate(daysSinceEpoch: days)
        self.time = TimeOfDay(hour: minutes / 60, minute: minutes % 60) ?? TimeOfDay.midnight
    }

    public func adding(minutes: Int) -> LocalDateTime { LocalDateTime(wallMinutes: wallMinutes + minutes) }

    /// The instant this wall time is in `zone`. Indonesia keeps no daylight saving, so the
    /// offset is fixed and the conversion is exact arithmetic.
    public func instant(in zone: IndonesianTimeZone) -> Date {
        let seconds = (wallMinutes - zone.abbreviation.hoursAheadOfUTC * 60) * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The wall time in `zone` at `instant` (to the minute, rounded down).
    public init(_ instant: Date, in zone: IndonesianTimeZone) {
        let minutes = Int((instant.timeIntervalSince1970 / 60).rounded(.down)) + zone.abbreviation.hoursAheadOfUTC * 60
        self.init(wallMinutes: minutes)
    }

    /// ISO 8601 with the zone's offset: `2026-12-08T09:00+07:00`.
    public func iso8601(in zone: IndonesianTimeZone) -> String {
        "\(date)T\(time.hour < 10 ? "0" : "")\(time.hour):\(time.minute < 10 ? "0" : "")\(time.minute)"
            + "+0\(zone.abbreviation.hoursAheadOfUTC):00"
    }

    public var description: String { "\(date) \(time)" }

    /// The same order as `wallMinutes`, without working out two day counts: planners sort by it.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.date != rhs.date ? lhs.date < rhs.date : lhs.time < rhs.time
    }
}

extension TimeOfDay {
    public static let midnight = TimeOfDay(hour: 0, minute: 0)!

    /// Reads "17.00", "17:00", "9.30".
    public init?(text: String) {
        let parts = text.trimmingWhitespace().split(whereSeparator: { $0 == "." || $0 == ":" })
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else {
            return nil
        }
        self.init(hour: hour, minute: minute)
    }
}
