import CSV
import PengingatCore
import PengingatTestSupport
import PropertyBased
import Testing

@testable import PengingatService

/// The roster import's fast paths (bytes instead of characters) give what the general code
/// gives, on generated input full of the cases that differ: quotes, line breaks of every kind,
/// separators, non-ASCII letters, no-break spaces.
@Suite("Roster reading: fast paths agree with the general ones")
struct RosterReadingFastPathTests {
    static let csvPieces = ["a", "Bu", "12", " ", "\"", "\"\"", ";", ",", "\t", "\r", "\n", "\r\n", "é", "Ñ", "👍🏽",
                            "\u{00A0}", "x\"y", "\";", "\"\r", "\"é", "\"\"\""]

    static func text(seed: Int, pieces: [String], length: Int) -> String {
        var random = SplitMix(seed: UInt64(seed))
        return (0..<Int(random.next() % UInt64(length + 1))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
            .joined()
    }

    /// CR, LF and CRLF as one break each, counted on Unicode scalars: the reference for the
    /// reader's count on bytes.
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previous: Unicode.Scalar?
        for scalar in field.unicodeScalars {
            if scalar == "\r" || (scalar == "\n" && previous != "\r") { count += 1 }
            previous = scalar
        }
        return count
    }

    /// CSV.swift's rows for the text, each on the line after the previous one and its line breaks.
    static func reference(_ text: String, delimiter: Character) throws -> [(line: Int, fields: [String])] {
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false,
                                   delimiter: delimiter.unicodeScalars.first!)
        var rows: [(Int, [String])] = []
        var line = 1
        while let row = reader.next() {
            rows.append((line, row))
            line += 1 + row.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        }
        return rows
    }

    @Test("the CSV reader splits records, fields and lines exactly as CSV.swift does")
    func csvMatchesCSVSwift() async throws {
        let fixed = ["", "\n", "a;b;", "\"a;b\";c\r\nd", "\"unclosed;x\ny", "\"a\"b;c", "\"a\"\"b\";\"\"", "a\rb\r\nc\n",
                     "\"x\"é;y", "\"\"\"\n", ";;\n;", "\"a\r\nb\";c\n\"d\ne\";f"]
        for text in fixed {
            try check(text, delimiter: ";")
        }
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let text = Self.text(seed: seed, pieces: Self.csvPieces, length: 60)
            for delimiter: Character in [";", ",", "\t"] { try check(text, delimiter: delimiter) }
        }
    }

    private func check(_ text: String, delimiter: Character) throws {
        let expected = try Self.reference(text, delimiter: delimiter)
        let read = CSVRecordReader.records(in: text, delimiter: delimiter.asciiValue!)
        #expect(read.map(\.fields) == expected.map(\.fields), "\(text.debugDescription) with \(delimiter.debugDescription)")
        #expect(read.map(\.line) == expected.map(\.line), "\(text.debugDescription) with \(delimiter.debugDescription)")
    }

    @Test("trimming looks at bytes only where that cannot differ from looking at characters")
    func trimming() async {
        func reference(_ text: String) -> String {
            let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{00A0}" || $0 == "\u{FEFF}" }
            guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
            else { return "" }
            return String(text[first...last])
        }
        let pieces = ["a", "Z", "~", "!", " ", "\t", "\r\n", "\n", "\u{00A0}", "\u{FEFF}", "é", "e\u{0301}", "\u{2003}", "👍🏽"]
        await propertyCheck(count: 1000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let text = Self.text(seed: seed, pieces: pieces, length: 8)
            #expect(text.trimmingWhitespace() == reference(text), "\(text.debugDescription)")
            #expect(text[...].trimmingWhitespace() == reference(text), "\(text.debugDescription)")
        }
    }

    @Test("numeric dates read from bytes give the same date or the same complaint as the general reading")
    func numericDates() async {
        func outcome(_ text: String) -> String {
            do { return try CalendarDate.parseIndonesian(text).description } catch { return "\(error.code) \(error.reason)" }
        }
        let pieces = ["1", "2", "0", "9", "12", "31", "2019", "1900", "02", "/", "-", ".", "/", "-"]
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let text = Self.text(seed: seed, pieces: pieces, length: 7)
            // A leading space takes the general way (it trims first); the complaint quotes the
            // text as written, so compare the verdict without it.
            let fast = outcome(text)
            let general = outcome(" " + text)
            #expect(fast.split(separator: " ").first == general.split(separator: " ").first, "\(text)")
            if !fast.hasPrefix("TGL") { #expect(fast == general, "\(text)") }
        }
        #expect(outcome("31/02/2020").hasPrefix("TGL02"))
        #expect(outcome("31/04/2020").hasPrefix("TGL02"))
        #expect(outcome("12/25/2020").hasPrefix("TGL04"))
        #expect(outcome("12/03/19").hasPrefix("TGL03"))
        #expect(outcome("2019-03-12") == "2019-03-12")
        #expect(outcome("12.03.2019") == "2019-03-12")
        #expect(CalendarDate(year: 987, month: 3, day: 4)?.description == "0987-03-04")
        #expect(CalendarDate(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
    }

    @Test("a member's key from an ASCII name is the key the Unicode rules give")
    func memberKeys() async {
        let pieces = ["Siti", "ANI", "a", " ", "  ", "\t", "\n", "\r\n", "O'Neil", "-", "Z"]
        await propertyCheck(count: 1000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let name = Self.text(seed: seed, pieces: pieces, length: 8)
            #expect(Member.key(forName: name) == name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        #expect(Member.key(forName: "  Éva\u{00A0}Ñ  ") == "éva ñ")
    }
}
