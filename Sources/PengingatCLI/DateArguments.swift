import ArgumentParser
import Foundation
import PengingatCore

/// Reads an instant: `2026-12-01T00:00+07:00`, `2026-12-01T00:00:00Z`, `2026-12-01 08:00`
/// (WIB when no offset is written), or `2026-12-01` (midnight WIB).
func parseInstantArgument(_ text: String) throws -> Date {
    guard let instant = parseInstant(text) else {
        throw ValidationError("Waktu \"\(text)\" tidak dapat dibaca. Tulis seperti 2026-12-01T00:00+07:00 atau 2026-12-01.")
    }
    return instant
}

func parseInstant(_ raw: String) -> Date? {
    var text = raw.trimmingWhitespace()
    var offsetMinutes = IndonesianTimeZone.wib.abbreviation.hoursAheadOfUTC * 60
    if text.hasSuffix("Z") {
        offsetMinutes = 0
        text.removeLast()
    } else if text.count > 10, let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }), text.distance(from: text.startIndex, to: sign) > 10 {
        let offset = text[text.index(after: sign)...].split(separator: ":")
        guard let hours = offset.first.flatMap({ Int($0) }) else { return nil }
        let minutes = offset.count > 1 ? Int(offset[1]) ?? 0 : 0
        offsetMinutes = (hours * 60 + minutes) * (text[sign] == "-" ? -1 : 1)
        text = String(text[..<sign])
    }
    guard let local = parseLocalDateTime(text) else { return nil }
    return Date(timeIntervalSince1970: TimeInterval((local.wallMinutes - offsetMinutes) * 60))
}

/// Reads a wall time: `2026-12-10 13:30`, `2026-12-10T13:30`, `10/12/2026 13.30`, or a date alone (00.00).
func parseLocalDateTime(_ raw: String) -> LocalDateTime? {
    let text = raw.trimmingWhitespace().replacingOccurrences(of: "T", with: " ")
    let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
    guard let first = parts.first, let date = try? CalendarDate.parseIndonesian(first) else { return nil }
    guard parts.count == 2 else { return LocalDateTime(date: date, time: .midnight) }
    var timeText = parts[1].trimmingWhitespace()
    if timeText.filter({ $0 == ":" }).count == 2, let last = timeText.lastIndex(of: ":") { timeText = String(timeText[..<last]) }
    guard let time = TimeOfDay(text: timeText) else { return nil }
    return LocalDateTime(date: date, time: time)
}

func parseLocalDateTimeArgument(_ text: String) throws -> LocalDateTime {
    guard let value = parseLocalDateTime(text) else {
        throw ValidationError("Waktu \"\(text)\" tidak dapat dibaca. Tulis seperti \"2026-12-10 13:30\" (zona kelompok).")
    }
    return value
}
