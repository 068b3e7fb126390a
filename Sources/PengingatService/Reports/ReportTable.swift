import PengingatCore

/// One table of a report, shaped as a spreadsheet's sheet: what the CSV file and each XLSX
/// sheet are written from, so both carry the same columns and figures.
public struct ReportTable: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        case date(CalendarDate)
        /// A share, 0…1.
        case percent(Double)
        case empty
    }

    public let name: String
    public let header: [String]
    public let rows: [[Cell]]
    /// In characters, as a spreadsheet measures them; nil leaves the writer's.
    public let columnWidths: [Double]?

    public init(name: String, header: [String], rows: [[Cell]], columnWidths: [Double]? = nil) {
        self.name = name
        self.header = header
        self.rows = rows
        self.columnWidths = columnWidths
    }

    /// As Excel writes CSV in an Indonesian locale, which is how the roster's CSV files arrive:
    /// `;` between fields, a decimal comma, CRLF line ends, UTF-8 with a byte order mark (without
    /// it Excel reads the names as Windows-1252). Dates are ISO (`2027-03-09`), shares are
    /// percentages (`75,0`), figures have no thousands separator.
    public var csv: String {
        let lines = [header.map(Self.field)] + rows.map { $0.map(Self.field) }
        return "\u{FEFF}" + lines.map { $0.joined(separator: ";") + "\r\n" }.joined()
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): field(text)
        case .integer(let value): String(value)
        case .number(let value): decimal(value, digits: 2)
        case .date(let date): date.description
        case .percent(let share): decimal(share * 100, digits: 1)
        case .empty: ""
        }
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` rounded to `digits` places, with a decimal comma.
    static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return (value < 0 && scaled > 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "," + padded : "")
    }
}
