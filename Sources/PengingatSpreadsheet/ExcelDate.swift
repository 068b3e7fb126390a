import PengingatCore

/// Excel's serial day numbers: days since 1899-12-30 in the 1900 system (which counts a
/// 29 February 1900 that never was, so serials before 61 are one day off; rosters hold no such
/// dates), or since 1904-01-01 in the 1904 system of old Mac workbooks.
public enum ExcelDate {
    /// The calendar date of a serial; nil outside 1900–9999 or for a fraction-only time.
    public static func date(serial: Double, uses1904: Bool) -> CalendarDate? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        // 1899-12-30 is 25,569 days before 1970-01-01; the 1904 system starts 1,462 days later.
        let date = CalendarDate(daysSinceEpoch: Int(serial.rounded(.down)) + (uses1904 ? 1462 : 0) - 25_569)
        guard (1900...9999).contains(date.year) else { return nil }
        return date
    }

    /// Whether a number format shows a date: the built-in date formats, or a custom format
    /// with a day, month or year token outside quotes and brackets (`dd/mm/yyyy`, `[$-421]d mmmm yyyy`).
    public static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var insideQuotes = false
        var insideBrackets = false
        var previous: Character = " "
        for character in code {
            defer { previous = character }
            if previous == "\\" { continue }
            switch character {
            case "\"": insideQuotes.toggle()
            case "[" where !insideQuotes: insideBrackets = true
            case "]" where !insideQuotes: insideBrackets = false
            case "d", "D", "y", "Y":
                if !insideQuotes && !insideBrackets { return true }
            default:
                // `m` alone is also minutes (`h:mm`): a format with a day or a year decides.
                continue
            }
        }
        return false
    }
}
