/// One sheet to write: its name, a header row shown bold and frozen, then rows.
///
/// The name need not follow Excel's rules: the writer shortens it to 31 characters, drops
/// `: \ / ? * [ ]` and makes it unique in the workbook rather than fail an export over a title.
public struct SheetContent: Sendable {
    public var name: String
    /// No header (an empty list) starts the rows on the first line, with nothing frozen.
    public var header: [String]
    /// Rows may differ in length; a short row leaves its last columns empty.
    public var rows: [[SheetValue]]
    /// Column widths in characters; when nil, worked out from the longest text of each column
    /// (8 to 60). A list shorter than the columns leaves the rest worked out.
    public var columnWidths: [Double]?

    public init(name: String, header: [String], rows: [[SheetValue]], columnWidths: [Double]? = nil) {
        self.name = name
        self.header = header
        self.rows = rows
        self.columnWidths = columnWidths
    }
}
