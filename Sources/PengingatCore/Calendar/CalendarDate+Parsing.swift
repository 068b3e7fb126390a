/// Why a written date could not be read.
public struct DateParseError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case notUnderstood
        case doesNotExist
        case twoDigitYear
        case monthFirst
        case unknownMonthName(String)
    }

    public let text: String
    public let reason: Reason

    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    public var code: String {
        switch reason {
        case .notUnderstood: "TGL01"
        case .doesNotExist: "TGL02"
        case .twoDigitYear: "TGL03"
        case .monthFirst: "TGL04"
        case .unknownMonthName: "TGL05"
        }
    }

    public var explanation: String {
        switch reason {
        case .notUnderstood: "Tanggal \"\(text)\" tidak dapat dibaca."
        case .doesNotExist: "Tanggal \"\(text)\" tidak ada di kalender."
        case .twoDigitYear: "Tahun pada \"\(text)\" hanya dua angka, jadi abadnya tidak jelas."
        case .monthFirst: "Tanggal \"\(text)\" tampaknya ditulis bulan dulu, baru tanggal (gaya Amerika)."
        case .unknownMonthName(let name): "Nama bulan \"\(name)\" pada \"\(text)\" tidak dikenal."
        }
    }

    public var remedy: String {
        switch reason {
        case .twoDigitYear: "Tulis tahun dengan empat angka, misalnya 12/03/2019."
        case .monthFirst: "Tulis tanggal dulu, lalu bulan dan tahun: hh/bb/tttt, misalnya 25/03/2019."
        default: "Tulis seperti 12/03/2019, 2019-03-12 atau 12 Maret 2019."
        }
    }
}

extension CalendarDate {
    /// Reads a date as Indonesian spreadsheets and people write it: `12/03/2019`, `12-03-2019`,
    /// `12.03.2019`, `2019-03-12`, `12 Maret 2019`, `12 Mar 2019`, `12-Mar-2019`; a time of
    /// midnight that Excel sometimes appends (`12/03/2019 00:00`) is ignored.
    public static func parseIndonesian(_ raw: String) throws(DateParseError) -> CalendarDate {
        if let numbers = NumericDate(raw) {
            return try numbers.date(raw)
        }
        var text = raw.trimmingWhitespace()
        if let space = text.lastIndex(of: " "), text[text.index(after: space)...].allSatisfy({ $0 == "0" || $0 == ":" }),
           text[text.index(after: space)...].contains(":") {
            text = String(text[..<space]).trimmingWhitespace()
        }
        let fail = { (reason: DateParseError.Reason) in DateParseError(text: raw, reason: reason) }

        let separators: Set<Character> = ["/", "-", ".", " "]
        let parts = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        guard parts.count == 3 else { throw fail(.notUnderstood) }

        let numbers = parts.map { Int($0) }
        if let a = numbers[0], let b = numbers[1], let c = numbers[2] {
            guard parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else { throw fail(.notUnderstood) }
            return try NumericDate(a, b, c, firstLength: parts[0].count, lastLength: parts[2].count).date(raw)
        }

        // Day, month name, year.
        guard let day = numbers[0], let year = numbers[2] else { throw fail(.notUnderstood) }
        guard parts[2].count == 4 else { throw fail(parts[2].count <= 2 ? .twoDigitYear : .notUnderstood) }
        guard let month = IndonesianCalendarWords.month(named: parts[1]) else {
            throw fail(.unknownMonthName(parts[1]))
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else { throw fail(.doesNotExist) }
        return date
    }
}

/// Three numbers of a written date and how many digits the first and the last had: what
/// decides between day-first and year-first order, and which complaint a bad date gets.
private struct NumericDate {
    let a: Int, b: Int, c: Int
    let firstLength: Int, lastLength: Int

    init(_ a: Int, _ b: Int, _ c: Int, firstLength: Int, lastLength: Int) {
        (self.a, self.b, self.c, self.firstLength, self.lastLength) = (a, b, c, firstLength, lastLength)
    }

    /// The common shape read from bytes, without splitting strings: 1–4 ASCII digits, one of
    /// `/ - .`, 1–4 digits, one of them, 1–4 digits, nothing else. Anything else is nil and
    /// goes the general way, which reaches the same verdict on these shapes.
    init?(_ raw: String) {
        var groups = (0, 0, 0)
        var lengths = (0, 0, 0)
        var index = 0
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                switch index {
                case 0: groups.0 = groups.0 * 10 + digit; lengths.0 += 1
                case 1: groups.1 = groups.1 * 10 + digit; lengths.1 += 1
                default: groups.2 = groups.2 * 10 + digit; lengths.2 += 1
                }
                if lengths.0 > 4 || lengths.1 > 4 || lengths.2 > 4 { return nil }
            case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."):
                let length = index == 0 ? lengths.0 : lengths.1
                guard index < 2, length > 0 else { return nil }
                index += 1
            default:
                return nil
            }
        }
        guard index == 2, lengths.2 > 0 else { return nil }
        self.init(groups.0, groups.1, groups.2, firstLength: lengths.0, lastLength: lengths.2)
    }

    func date(_ raw: String) throws(DateParseError) -> CalendarDate {
        if firstLength == 4 {
            // Year first: ISO order.
            guard let date = CalendarDate(year: a, month: b, day: c) else { throw DateParseError(text: raw, reason: .doesNotExist) }
            return date
        }
        guard lastLength == 4 else {
            throw DateParseError(text: raw, reason: lastLength <= 2 ? .twoDigitYear : .notUnderstood)
        }
        if b > 12, a <= 12 { throw DateParseError(text: raw, reason: .monthFirst) }
        guard let date = CalendarDate(year: c, month: b, day: a) else { throw DateParseError(text: raw, reason: .doesNotExist) }
        return date
    }
}

/// The words of the Indonesian calendar: month names for reading and writing dates.
public enum IndonesianCalendarWords {
    public static let monthNames = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ]

    /// Full or abbreviated month names in Indonesian, and the English ones an
    /// English-language Excel writes (March, May, Aug, Oct, Dec).
    public static func month(named raw: String) -> Int? {
        let name = raw.lowercased().filter(\.isLetter)
        guard name.count >= 3 else { return nil }
        let table: [(Int, [String])] = [
            (1, ["januari", "january", "jan"]),
            (2, ["februari", "pebruari", "february", "feb", "peb"]),
            (3, ["maret", "march", "mar"]),
            (4, ["april", "apr"]),
            (5, ["mei", "may"]),
            (6, ["juni", "june", "jun"]),
            (7, ["juli", "july", "jul"]),
            (8, ["agustus", "august", "agu", "agt", "ags", "aug"]),
            (9, ["september", "sept", "sep"]),
            (10, ["oktober", "october", "okt", "oct"]),
            (11, ["november", "nopember", "nov", "nop"]),
            (12, ["desember", "december", "des", "dec"]),
        ]
        return table.first { $0.1.contains(name) }?.0
    }
}

/// Printable ASCII without the space: a cell that begins and ends with one has nothing to trim.
private let visibleASCII: ClosedRange<UInt8> = 0x21...0x7E

extension StringProtocol {
    /// Trims spaces, tabs, line breaks and the no-break spaces that spreadsheets leave behind.
    public func trimmingWhitespace() -> String {
        // Most cells need nothing trimmed: a visible ASCII character at both ends settles it
        // without walking characters (a grapheme that starts or ends with one is never white space).
        if let first = utf8.first, visibleASCII.contains(first), let last = last?.asciiValue, visibleASCII.contains(last) {
            return String(self)
        }
        return trimmedByCharacters()
    }

    fileprivate func trimmedByCharacters() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{00A0}" || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}

extension String {
    /// `StringProtocol.trimmingWhitespace()` for a whole string: its ends are checked on bytes
    /// and, when nothing needs trimming, the string itself is returned, not a copy.
    public func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, visibleASCII.contains(first), visibleASCII.contains(last) {
            return self
        }
        return trimmedByCharacters()
    }
}
