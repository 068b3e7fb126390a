import Foundation
import PengingatCore

/// One CSV file as read: its header and its records, each with the physical line it starts on.
///
/// Splitting is `CSVRecordReader`'s (CSV.swift's rules on bytes); this type adds what a roster
/// import needs on top: the encodings and separators an Indonesian-locale Excel writes, line
/// numbers that stay right when a quoted field holds line breaks, cells trimmed once.
struct CSVDocument: Sendable {
    struct Record: Sendable {
        /// 1-based physical line of the record's first character.
        let line: Int
        /// The cells, each trimmed of surrounding white space once, here.
        let fields: [String]

        var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
    }

    enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf16 = "UTF-16"
        case windows1252 = "Windows-1252"
    }

    let delimiter: Character
    let encoding: Encoding
    /// Header names as written (BOM and surrounding spaces removed).
    let rawHeader: [String]
    let records: [Record]
    /// True when the last record ran to the end of the file inside quotes: a quote was never closed.
    let endsInsideQuotes: Bool

    /// Header names as compared: lower case, spaces and hyphens as underscores ("ID KPM" → "id_kpm").
    var header: [String] { rawHeader.map(CSVDocument.normalizedColumnName) }

    static func normalizedColumnName(_ raw: String) -> String {
        // Already normal (lower-case ASCII letters and digits, single inner underscores): as is.
        var previous: UInt8 = UInt8(ascii: "_")
        var normal = !raw.isEmpty
        for byte in raw.utf8 {
            let isWord = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isWord || (byte == UInt8(ascii: "_") && previous != UInt8(ascii: "_")) else { normal = false; break }
            previous = byte
        }
        if normal && previous != UInt8(ascii: "_") { return raw }
        return raw.trimmingWhitespace().lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
            .joined(separator: "_")
    }

    /// A table read from elsewhere (a workbook's sheet): its header and records as they are.
    init(header: [String], records: [Record]) {
        delimiter = ","
        encoding = .utf8
        rawHeader = header
        self.records = records
        endsInsideQuotes = false
    }

    init(data: Data) {
        let (text, encoding) = CSVDocument.decode(data)
        self.init(text: text, encoding: encoding)
    }

    init(text: String, encoding: Encoding = .utf8) {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        let delimiter = CSVDocument.detectDelimiter(in: text)
        self.delimiter = delimiter
        self.encoding = encoding

        let read = CSVRecordReader.records(in: text, delimiter: delimiter.asciiValue ?? UInt8(ascii: ","))
        let records = read.map { Record(line: $0.line, fields: $0.fields.map { $0.trimmingWhitespace() }) }
        // An unclosed quote runs to the end of the file; the only trace is a last record whose
        // fields swallowed line breaks and separators.
        let last = read.last?.fields ?? []
        self.endsInsideQuotes = !CSVDocument.endsWithClosedQuote(text)
            && last.contains { CSVRecordReader.lineBreaks(in: ArraySlice($0.utf8)) > 0 && $0.contains(delimiter) }
        self.rawHeader = records.first?.fields.map { $0.trimmingWhitespace() } ?? []
        self.records = Array(records.dropFirst())
    }

    /// UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), and
    /// Windows-1252 for files saved by an older Excel as "CSV" in the ANSI code page.
    static func decode(_ data: Data) -> (String, Encoding) {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]),
           let text = String(data: data, encoding: .utf16)
        {
            return (text, .utf16)
        }
        if let text = String(data: data, encoding: .utf8) { return (text, .utf8) }
        if let text = String(data: data, encoding: .windowsCP1252) { return (text, .windows1252) }
        return (String(decoding: data, as: UTF8.self), .utf8)
    }

    /// Picks `;`, `,` or tab by counting them, outside quotes, on the header line.
    static func detectDelimiter(in text: String) -> Character {
        var counts: [Character: Int] = [";": 0, ",": 0, "\t": 0]
        var insideQuotes = false
        for character in text {
            if character == "\"" { insideQuotes.toggle(); continue }
            if insideQuotes { continue }
            if character == "\n" || character == "\r\n" || character == "\r" { break }
            if counts[character] != nil { counts[character, default: 0] += 1 }
        }
        let best = counts.max { ($0.value, $0.key == ";" ? 1 : 0) < ($1.value, $1.key == ";" ? 1 : 0) }
        guard let best, best.value > 0 else { return "," }
        return best.key
    }

    /// Whether the quotes in the text are balanced (an escaped `""` counts twice, so it keeps the balance).
    static func endsWithClosedQuote(_ text: String) -> Bool {
        text.utf8.reduce(0) { $1 == UInt8(ascii: "\"") ? $0 + 1 : $0 } % 2 == 0
    }
}
