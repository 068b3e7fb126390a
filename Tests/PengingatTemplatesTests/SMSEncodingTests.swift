import PengingatCore
import PengingatTemplates
import Testing

@Suite("SMS encoding and segments")
struct SMSEncodingTests {
    @Test("encoding, units and segments", arguments: [
        // (text, encoding, units, segments)
        ("", SMSEncoding.gsm7, 0, 0),
        (String(repeating: "a", count: 160), .gsm7, 160, 1),
        (String(repeating: "a", count: 161), .gsm7, 161, 2),
        (String(repeating: "a", count: 306), .gsm7, 306, 2),
        (String(repeating: "a", count: 307), .gsm7, 307, 3),
        ("Ibu Ani, P2K2 besok pukul 09.00 WIB.", .gsm7, 36, 1),
        ("Harga [promo] {hemat} ~50% ^_^ | €", .gsm7, 43, 1),  // 34 characters, nine of them count twice
        (String(repeating: "€", count: 80), .gsm7, 160, 1),
        (String(repeating: "€", count: 81), .gsm7, 162, 2),
        ("Pertemuan di Café René, Sénén", .gsm7, 29, 1),  // é is in the GSM alphabet
        ("Ibu’s jadwal", .ucs2, 12, 1),  // a curly apostrophe makes it UCS-2
        ("“Ditunggu”", .ucs2, 10, 1),
        ("Semangat 💪", .ucs2, 11, 1),  // the emoji takes two UTF-16 units
        (String(repeating: "ç", count: 70), .ucs2, 70, 1),
        (String(repeating: "ç", count: 71), .ucs2, 71, 2),
        (String(repeating: "ç", count: 134), .ucs2, 134, 2),
        (String(repeating: "ç", count: 135), .ucs2, 135, 3),
    ])
    func measures(text: String, encoding: SMSEncoding, units: Int, segments: Int) {
        let size = SMSSize(measuring: text)
        #expect(size.encoding == encoding)
        #expect(size.units == units)
        #expect(size.segments == segments)
    }

    @Test("an escape pair never straddles two parts")
    func escapeAtBoundary() {
        // 152 plain characters, then "€": 154 septets. The € cannot start in part one's last
        // septet, so part one holds 152 and part two the rest.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 152)
        #expect(SMSSize(measuring: text).units == 306)
        #expect(SMSSize(measuring: text).segments == 3)
        let fits = String(repeating: "a", count: 151) + "€" + String(repeating: "b", count: 153)
        #expect(SMSSize(measuring: fits).segments == 2)
    }

    @Test("an emoji's surrogate pair never straddles two UCS-2 parts")
    func surrogateAtBoundary() {
        let text = String(repeating: "ç", count: 66) + "😀" + String(repeating: "ç", count: 66)
        #expect(SMSSize(measuring: text).units == 134)
        #expect(SMSSize(measuring: text).segments == 3)
    }

    @Test("the characters that force UCS-2 are named, each once")
    func namesCulprits() {
        let size = SMSSize(measuring: "Hadir ya 🙏🙏 “besok”")
        #expect(size.nonGSMCharacters == ["🙏", "“", "”"])
    }

    @Test("typographic characters map to GSM, other content stays")
    func typographyMapping() {
        let mapped = SMSText.mappingTypography("Ibu’s “jadwal” – besok… pukul\u{00A0}09.00 ‘ok’ — ya")
        #expect(mapped == "Ibu's \"jadwal\" - besok... pukul 09.00 'ok' - ya")
        #expect(SMSSize(measuring: mapped).encoding == .gsm7)
        let emoji = SMSText.mappingTypography("Semangat 💪’")
        #expect(emoji == "Semangat 💪'")
        #expect(SMSSize(measuring: emoji).encoding == .ucs2)
    }
}
