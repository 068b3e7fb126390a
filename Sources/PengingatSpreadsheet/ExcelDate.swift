import PengingatCore

/// Excel's serial day numbers: days since 1899-12-30 in the 1900 system (which counts a
/// 29 February 1900 that never was, so serials before 61 are one day off; rosters hold no such
/// dates), or since 1904-01-01 in the 1904 system of old Mac workbooks.
public enum ExcelDate {
    /// The calendar date of a serial; nil outside 1900–9999 or for a fraction-only time.
    public static func date(serial: Double, uses1904: Bool) -> CalendarDate? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let date = CalendarDate(daysSinceEpoch: Int(serial.rounded(.down)) + (uses1904 ? epoch1904 : epoch1900))
        guard (1900...9999).contains(date.year) else { return nil }
        return date
    }

    /// The 1900-system serial a writer stores for a date; nil before 1 March 1900, where Excel's
    /// phantom 29 February would show every date a day early (and before 1900 it has none).
    public static func serial(of date: CalendarDate) -> Int? {
        let serial = date.daysSinceEpoch - epoch1900
        return serial >= 61 ? serial : nil
    }

    // 1899-12-30 is 25,569 days before 1970-01-01; the 1904 system starts 1,462 days later.
    private static let epoch1900 = -25_569
    private static let epoch1904 = -25_569 + 1462

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
