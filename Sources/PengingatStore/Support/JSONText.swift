/// JSON written straight as bytes, for lists handed to SQL as one parameter (`json_each` on
/// SQLite, `json_populate_recordset` on PostgreSQL): one statement text whatever the number of
/// values, so it is prepared once. JSONEncoder did the same through `Encodable` boxing, a cost
/// the planner paid for every group.
enum JSONText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped
    /// (RFC 8259 §7); everything else, UTF-8 included, as it is.
    static func appendString(_ value: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            // Ids and keys, nearly always: nothing to escape.
            json.append(contentsOf: value.utf8)
            json.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): json.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): json.append(contentsOf: #"\\"#.utf8)
            case 0..<0x20:
                json.append(contentsOf: #"\u00"#.utf8)
                json.append(hexDigits[Int(byte >> 4)])
                json.append(hexDigits[Int(byte & 0x0F)])
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }

    /// `values` as a JSON array of strings.
    static func array<Values: Collection<String>>(_ values: Values) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            appendString(value, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }
}
