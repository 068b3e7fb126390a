/// An Indonesian mobile number in E.164 form (`+6281234567890`).
///
/// Only mobile numbers are accepted: every channel Pengingat uses (SMS, WhatsApp) needs one.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `+62` followed by the national significant number.
    public let e164: String

    /// The national significant number, e.g. `81234567890`.
    public var nationalNumber: String { String(e164.dropFirst(3)) }

    /// The local form people dial, `081234567890`.
    public var localForm: String { "0" + nationalNumber }

    /// For logs: the operator prefix and the last three digits, nothing in between
    /// (`+62812******890`). Enough to tell two numbers apart in a log, not to call one.
    public var masked: String {
        var bytes: [UInt8] = []
        appendMasked(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `masked`, written at the end of `bytes`: every line of `rencana` has one, written by
    /// byte (the national number is ASCII digits).
    public func appendMasked(to bytes: inout [UInt8]) {
        let kept = 3
        var e164 = e164
        e164.withUTF8 { number in
            // "+62" and three digits, stars, the last three digits (a stored number has 12–15 bytes).
            let shown = min(number.count, 6)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: number[..<shown]))
            let tail = max(shown, number.count - kept)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "*"), count: tail - shown))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: number[tail...]))
        }
    }

    public var description: String { e164 }

    /// Takes a number already in E.164 form, as stored; use `init(parsing:)` for what people write.
    public init?(e164: String) {
        // Stored numbers are read back on every claim: check the one form directly rather than
        // through the lenient parser, with the parser's rules (+62 8, not 80/84, 9–12 digits).
        let bytes = e164.utf8
        guard bytes.count >= 12, bytes.count <= 15, bytes.starts(with: "+628".utf8),
              bytes.dropFirst(3).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        let second = bytes.dropFirst(4).first
        guard second != UInt8(ascii: "0"), second != UInt8(ascii: "4") else { return nil }
        self.e164 = e164
    }

    /// Normalises the ways people write Indonesian mobile numbers: `0812-3456-7890`,
    /// `0812 3456 7890`, `+62 812-3456-7890`, `62812…`, `(0812) 3456…`, `0062 812…`,
    /// `+62 (0)812…`, and `812…` from a spreadsheet that dropped the leading zero.
    public init(parsing raw: String) throws(PhoneNumberError) {
        let text = raw.trimmingWhitespace()
        let fail = { (reason: PhoneNumberError.Reason) in PhoneNumberError(text: raw, reason: reason) }
        guard !text.isEmpty else { throw fail(.empty) }

        let upper = text.uppercased()
        if upper.contains("E+") || upper.contains("E-") {
            throw fail(.scientificNotation)
        }
        let pieces = text.split(whereSeparator: { $0 == "/" || $0 == "," || $0 == ";" })
        if pieces.count >= 2, pieces.filter({ $0.filter(\.isNumber).count >= 9 }).count >= 2 {
            throw fail(.twoNumbers)
        }
        let allowedPunctuation: Set<Character> = [" ", "-", ".", "(", ")", "\u{00A0}", "+", "'"]
        var digits = ""
        var plusCount = 0
        for (offset, character) in text.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+" {
                // A plus sign only makes sense in front.
                guard offset == 0 || (offset == 1 && text.first == "'") else { throw fail(.notANumber) }
                plusCount += 1
            } else if !allowedPunctuation.contains(character) {
                throw fail(.notANumber)
            }
        }
        guard plusCount <= 1, !digits.isEmpty else { throw fail(.notANumber) }

        // Strip the international and national prefixes down to the national significant number.
        var national: Substring
        if plusCount == 1 {
            guard digits.hasPrefix("62") else { throw fail(.foreign) }
            national = digits.dropFirst(2)
        } else if digits.hasPrefix("0062") {
            national = digits.dropFirst(4)
        } else if digits.hasPrefix("00") {
            throw fail(.foreign)
        } else if digits.hasPrefix("62") {
            national = digits.dropFirst(2)
        } else if digits.hasPrefix("0") {
            national = digits.dropFirst(1)
        } else if digits.hasPrefix("8") {
            national = Substring(digits)
        } else {
            throw fail(.notANumber)
        }
        // "+62 (0)812…" and "620812…": a trunk zero written after the country code.
        if national.hasPrefix("0") { national = national.dropFirst() }

        guard let first = national.first else { throw fail(.tooShort) }
        guard first == "8" else {
            if first == "0" { throw fail(.notANumber) }
            // Jakarta, Bandung, Semarang, Surabaya and Medan have two-digit area codes; the rest three.
            let twoDigitAreas: Set<Substring> = ["21", "22", "24", "31", "61"]
            let areaLength = twoDigitAreas.contains(national.prefix(2)) ? 2 : 3
            throw fail(.landline(areaCode: "0" + national.prefix(areaLength)))
        }
        let second = national.dropFirst().first
        if let second, second == "0" || second == "4" {
            throw fail(.unknownPrefix(prefix: "08" + String(second)))
        }
        // 8 followed by 8 to 11 digits.
        if national.count < 9 { throw fail(.tooShort) }
        if national.count > 12 { throw fail(.tooLong) }
        self.e164 = "+62" + national
    }
}

/// Why a written phone number is not a usable Indonesian mobile number.
public struct PhoneNumberError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case empty
        case notANumber
        case tooShort
        case tooLong
        case landline(areaCode: String)
        case foreign
        case scientificNotation
        case unknownPrefix(prefix: String)
        case twoNumbers
    }

    public let text: String
    public let reason: Reason

    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    public var code: String {
        switch reason {
        case .empty: "HP00"
        case .notANumber: "HP01"
        case .tooShort: "HP02"
        case .tooLong: "HP03"
        case .landline: "HP04"
        case .foreign: "HP05"
        case .scientificNotation: "HP06"
        case .unknownPrefix: "HP07"
        case .twoNumbers: "HP08"
        }
    }

    /// The number as written, with its middle digits hidden: errors end up in logs, terminals
    /// and screenshots, and a household's number must not. The first four and last two digits
    /// are enough to find the row again.
    public var shownText: String {
        let digitCount = text.filter(\.isNumber).count
        guard digitCount >= 7 else { return text }
        var seen = 0
        return String(text.map { character -> Character in
            guard character.isNumber else { return character }
            seen += 1
            return seen <= 4 || seen > digitCount - 2 ? character : "•"
        })
    }

    public var explanation: String {
        let text = shownText
        return switch reason {
        case .empty: "Nomor HP kosong."
        case .notANumber: "\"\(text)\" bukan nomor HP: ada huruf atau tanda yang tidak dikenal."
        case .tooShort: "Nomor HP \"\(text)\" terlalu pendek; nomor HP Indonesia 10 sampai 13 angka."
        case .tooLong: "Nomor HP \"\(text)\" terlalu panjang; nomor HP Indonesia 10 sampai 13 angka."
        case .landline(let area): "\"\(text)\" adalah nomor telepon rumah (kode wilayah \(area)), tidak bisa menerima SMS atau WhatsApp."
        case .foreign: "\"\(text)\" bukan nomor Indonesia (kode negaranya bukan +62)."
        case .scientificNotation: "\"\(text)\" ditulis Excel sebagai angka ilmiah; angka terakhirnya sudah hilang."
        case .unknownPrefix(let prefix): "Nomor \"\(text)\" diawali \(prefix), awalan yang tidak dipakai nomor HP."
        case .twoNumbers: "Ada dua nomor dalam satu kolom: \"\(text)\"."
        }
    }

    public var remedy: String {
        switch reason {
        case .landline: "Tulis nomor HP yang diawali 08, atau kosongkan bila KPM tidak punya HP."
        case .scientificNotation: "Ubah format kolom menjadi Teks di Excel, lalu ketik ulang nomornya, misalnya 081234567890."
        case .twoNumbers: "Tulis satu nomor di no_hp dan nomor lainnya di no_hp_lain."
        case .foreign: "Tulis nomor HP Indonesia, misalnya 081234567890 atau +6281234567890."
        default: "Periksa lagi nomornya; tulis seperti 081234567890 atau 0812-3456-7890."
        }
    }
}
