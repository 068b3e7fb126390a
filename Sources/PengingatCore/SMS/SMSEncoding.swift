/// How an SMS is encoded on the air, which decides its cost: GSM 03.38 7-bit fits 160
/// characters in one message, UCS-2 only 70.
public enum SMSEncoding: String, Sendable, Codable {
    case gsm7 = "GSM-7"
    case ucs2 = "UCS-2"

    /// Units in a single, unconcatenated message.
    public var singleCapacity: Int { self == .gsm7 ? 160 : 70 }
    /// Units per part of a concatenated message (the rest holds the header that joins them).
    public var partCapacity: Int { self == .gsm7 ? 153 : 67 }
}

/// The GSM 03.38 alphabet: the basic set (one septet) and the extension set (escape + one septet).
public enum GSMAlphabet {
    public static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    public static let extended: Set<Character> = ["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\u{0C}"]

    /// Septets this character takes, or nil when it is outside the alphabet.
    public static func septets(for character: Character) -> Int? {
        if basic.contains(character) { return 1 }
        if extended.contains(character) { return 2 }
        // "\r\n" is one Character in Swift but two septets on the air.
        if character == "\r\n" { return 2 }
        return nil
    }
}

/// The size of a text as an SMS: its encoding, its length in units, and how many parts it needs.
public struct SMSSize: Sendable, Equatable, CustomStringConvertible {
    public let encoding: SMSEncoding
    /// Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2).
    public let units: Int
    public let segments: Int
    /// The characters that forced UCS-2, for a preview that explains the cost.
    public let nonGSMCharacters: [Character]

    public var description: String { "\(encoding.rawValue), \(units) unit, \(segments) SMS" }

    /// Septets per ASCII byte: 1 in the basic set, 2 in the extension set, 0 outside GSM.
    private static let asciiSeptets: [UInt8] = (0..<128).map { byte in
        UInt8(GSMAlphabet.septets(for: Character(Unicode.Scalar(UInt8(byte)))) ?? 0)
    }

    /// Septets of the alphabet's characters beyond ASCII (each one scalar).
    private static let nonASCIISeptets: [UInt32: Int] = {
        var septets: [UInt32: Int] = [:]
        for character in GSMAlphabet.basic.union(GSMAlphabet.extended) {
            guard let scalar = character.unicodeScalars.first, scalar.value >= 128,
                  character.unicodeScalars.count == 1 else { continue }
            septets[scalar.value] = GSMAlphabet.septets(for: character)
        }
        return septets
    }()

    /// Counts septets and packs parts, character by character, for text in the alphabet. Fed
    /// scalars: no scalar of the alphabet joins another into one character except a line break
    /// "\r\n", which is one character of two septets (so it never straddles two parts), as the
    /// general path counts it.
    private struct GSMCount {
        var units = 0
        var parts = 1
        var used = 0
        var pendingReturn = false

        private mutating func add(cost: Int) {
            if used + cost > SMSEncoding.gsm7.partCapacity {
                parts += 1
                used = 0
            }
            used += cost
            units += cost
        }

        /// Adds a scalar of the alphabet that takes `cost` septets.
        mutating func add(scalar: UInt32, cost: Int) {
            if pendingReturn {
                pendingReturn = false
                if scalar == 0x0A {
                    add(cost: 2)
                    return
                }
                add(cost: 1)
            }
            if scalar == 0x0D {
                pendingReturn = true
            } else {
                add(cost: cost)
            }
        }

        mutating func finish() -> (units: Int, segments: Int) {
            if pendingReturn { add(cost: 1) }
            return (units, units == 0 ? 0 : units <= SMSEncoding.gsm7.singleCapacity ? 1 : parts)
        }
    }

    /// Septets and parts of `text` when every character is in the alphabet, else nil.
    private static func gsmMeasure(_ text: String) -> (units: Int, segments: Int)? {
        var count = GSMCount()
        // The tables taken once, not looked up (a lazy global's check) for every character:
        // this measures every planned message.
        let asciiSeptets = SMSSize.asciiSeptets
        let nonASCIISeptets = SMSSize.nonASCIISeptets
        for scalar in text.unicodeScalars {
            let cost: Int
            if scalar.value < 128 {
                cost = Int(asciiSeptets[Int(scalar.value)])
                if cost == 0 { return nil }
            } else {
                guard let septets = nonASCIISeptets[scalar.value] else { return nil }
                cost = septets
            }
            count.add(scalar: scalar.value, cost: cost)
        }
        return count.finish()
    }

    /// Measures `text` exactly as it would be sent (no mapping is applied here).
    public init(measuring text: String) {
        // Most messages are in the alphabet (plain ASCII, or Sundanese "é"): measure those by scalar.
        if let measured = SMSSize.gsmMeasure(text) {
            self.init(encoding: .gsm7, units: measured.units, segments: measured.segments, nonGSMCharacters: [])
        } else {
            self.init(measuringByCharacter: text)
        }
    }

    /// The size of `first`'s text followed by `second`'s, from their sizes, where that is
    /// certain: both in the alphabet and together within one SMS (packing several parts depends
    /// on where each character falls). Nil otherwise: measure the whole text.
    public static func joined(_ first: SMSSize, _ second: SMSSize) -> SMSSize? {
        guard first.encoding == .gsm7, second.encoding == .gsm7 else { return nil }
        let units = first.units + second.units
        guard units <= SMSEncoding.gsm7.singleCapacity else { return nil }
        return SMSSize(encoding: .gsm7, units: units, segments: units == 0 ? 0 : 1, nonGSMCharacters: [])
    }

    private init(encoding: SMSEncoding, units: Int, segments: Int, nonGSMCharacters: [Character]) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
        self.nonGSMCharacters = nonGSMCharacters
    }

    /// The general rule, character by character: what the scalar path must agree with.
    init(measuringByCharacter text: String) {
        var septetCosts: [Int] = []
        var outside: [Character] = []
        for character in text {
            if let cost = GSMAlphabet.septets(for: character) {
                septetCosts.append(cost)
            } else if !outside.contains(character) {
                outside.append(character)
            }
        }
        if outside.isEmpty {
            encoding = .gsm7
            units = septetCosts.reduce(0, +)
            segments = SMSSize.parts(costs: septetCosts, encoding: .gsm7)
        } else {
            // UCS-2 on the air is UTF-16: a character beyond the BMP (an emoji) takes two units,
            // and a part never splits a surrogate pair.
            let costs = text.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }
            encoding = .ucs2
            units = costs.reduce(0, +)
            segments = SMSSize.parts(costs: costs, encoding: .ucs2)
        }
        nonGSMCharacters = outside
    }

    /// Packs costs into parts greedily; an escape pair or a surrogate pair never straddles two parts.
    static func parts(costs: [Int], encoding: SMSEncoding) -> Int {
        let total = costs.reduce(0, +)
        if total == 0 { return 0 }
        if total <= encoding.singleCapacity { return 1 }
        var parts = 1
        var used = 0
        for cost in costs {
            if used + cost > encoding.partCapacity {
                parts += 1
                used = 0
            }
            used += cost
        }
        return parts
    }
}

/// Prepares text for SMS: typographic characters that people paste (curly quotes, dashes,
/// ellipsis, no-break spaces) become their GSM equivalents, so one pasted apostrophe does not
/// double the cost. Nothing else is changed or dropped: an emoji stays and makes the text UCS-2.
public enum SMSText {
    static let typographicReplacements: [Character: String] = [
        "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": ",", "\u{201B}": "'", "\u{2032}": "'",
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"", "\u{201F}": "\"", "\u{2033}": "\"",
        "\u{00AB}": "\"", "\u{00BB}": "\"",
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2015}": "-",
        "\u{2212}": "-",
        "\u{2026}": "...",
        "\u{00A0}": " ", "\u{2002}": " ", "\u{2003}": " ", "\u{2009}": " ", "\u{202F}": " ",
        "\u{200B}": "", "\u{FEFF}": "",
        "\u{2022}": "-", "\u{00B7}": "-",
    ]

    public static func mappingTypography(_ text: String) -> String {
        // Every replaced character starts with the UTF-8 byte C2, E2 or EF: text without them
        // (plain ASCII, Sundanese "é") needs no work.
        var copy = text
        let plain = copy.withUTF8 { bytes in !bytes.contains { $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF } }
        return plain ? text : mappingTypographyByCharacter(text)
    }

    static func mappingTypographyByCharacter(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = typographicReplacements[character] {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}
