import ArgumentParser
import Foundation
import PengingatCore

/// Writes to standard error: progress and error messages, never the report itself.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var isTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) != 0 }
}

/// Shows an error meant for a person and ends the command with `code`.
func fail(_ error: any Error, exitCode code: Int32) -> ExitCode {
    if let explained = error as? any ExplainedError {
        StandardError.write("Gagal: [\(explained.code)] \(explained.explanation)\n  Perbaikan: \(explained.remedy)\n")
    } else {
        StandardError.write("Gagal: \(error)\n")
    }
    return ExitCode(code)
}

/// The latest date anywhere in Indonesia right now: WIT's, the eastmost zone. A birth
/// recorded in Papua just after midnight is not "in the future" for this check.
func latestDateInIndonesia(now: Date = Date()) -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = IndonesianTimeZone.wit.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: now)
    return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
        ?? CalendarDate(daysSinceEpoch: 0)
}

/// Reads a date option in any form the roster accepts (`2026-12-01`, `01/12/2026`, `1 Desember 2026`).
func parseDateArgument(_ text: String) throws -> CalendarDate {
    do {
        return try CalendarDate.parseIndonesian(text)
    } catch {
        throw ValidationError("[\(error.code)] \(error.explanation) \(error.remedy)")
    }
}

/// Plain-text columns for terminal listings.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    func render() -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
