/// Rows as one JSON array of objects keyed by column name, for PostgreSQL's bulk writes
/// (`json_populate_recordset`): one parameter for any number of rows, NULLs included, and the
/// table's own column types do the conversion. The statement's text stays the same whatever the
/// number of rows, so it can be prepared once per connection.
struct JSONRowsWriter: RowValueWriter {
    private let columns: [String]
    private var column = 0
    private(set) var rowCount = 0
    private var json: [UInt8] = [UInt8(ascii: "[")]

    init(columns: [String]) { self.columns = columns }

    /// Adds one row: `write` hands over its values in `columns` order.
    mutating func add(_ write: (inout JSONRowsWriter) -> Void) {
        if rowCount > 0 { json.append(UInt8(ascii: ",")) }
        json.append(UInt8(ascii: "{"))
        column = 0
        write(&self)
        json.append(UInt8(ascii: "}"))
        rowCount += 1
    }

    var text: String { String(decoding: json + [UInt8(ascii: "]")], as: UTF8.self) }

    mutating func text(_ value: String?) {
        name()
        guard let value else { return json.append(contentsOf: "null".utf8) }
        JSONText.appendString(value, to: &json)
    }

    mutating func int(_ value: Int?) {
        name()
        guard let value else { return json.append(contentsOf: "null".utf8) }
        json.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        name()
        json.append(contentsOf: (value ? "true" : "false").utf8)
    }

    private mutating func name() {
        if column > 0 { json.append(UInt8(ascii: ",")) }
        json.append(UInt8(ascii: "\""))
        json.append(contentsOf: columns[column].utf8)
        json.append(contentsOf: "\":".utf8)
        column += 1
    }
}
