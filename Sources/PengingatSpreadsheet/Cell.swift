import PengingatCore

/// One cell's value as the workbook stores it, read into what a reader sees.
public enum Cell: Hashable, Sendable {
    /// Text: a shared string, an inline string, or a formula's text result.
    case text(String)
    /// A number as written in the file (`8123456789`, `1.5`, `8.123456789E9`), shown as
    /// `display`: an integer without decimals, others as written.
    case number(raw: String)
    /// A number whose format is a date: Excel's serial day, already turned into a calendar date.
    case date(CalendarDate)
    case boolean(Bool)
    /// `#N/A`, `#VALUE!`, `#REF!`…: a formula that failed in Excel.
    case error(String)

    /// The text an import reads: dates as `2019-05-12`, integral numbers without `.0` or an
    /// exponent, booleans as `TRUE`/`FALSE`; an error cell has none.
    public var text: String? {
        switch self {
        case .text(let text): text
        case .number(let raw): Self.plainNumber(raw)
        case .date(let date): date.description
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .error: nil
        }
    }

    /// `8.123456789E9` → `8123456789`, `12.0` → `12`; anything not integral as written.
    static func plainNumber(_ raw: String) -> String {
        guard let value = Double(raw), value.isFinite else { return raw }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return raw
    }
}
