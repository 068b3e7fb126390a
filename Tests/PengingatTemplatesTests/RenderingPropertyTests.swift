import PengingatCore
import PengingatTemplates
import PropertyBased
import Testing

@Suite("Rendering with any name")
struct RenderingPropertyTests {
    /// Names from anywhere in Unicode: letters, emoji, combining marks, control characters,
    /// Mustache tags and HTML. (The library's own scalar generator traps on the surrogate
    /// range, so scalars are drawn as numbers and surrogates replaced.)
    static let names = Gen.int(in: 0...0x10FFFF)
        .map { Character(Unicode.Scalar(UInt32($0)) ?? "{") }
        .array(of: 0...24)
        .map { String($0) }

    @Test("names with any Unicode never crash rendering and never break the count")
    func anyName() async throws {
        let catalogue = try TemplateCatalogue.shipped()
        await propertyCheck(count: 300, input: Self.names) { name in
            for kind in [MessageKind.p2k2DayBefore, .motivationSecondMiss, .replyAcknowledgement] {
                var values = kind.sampleValues(language: .sundanese)
                values["nama"] = .text(name)
                guard let message = try? catalogue.render(kind, language: .sundanese, values: values) else {
                    Issue.record("render threw for \(name.unicodeScalars.map { $0.value })")
                    continue
                }
                // The name is never read as a template: its braces arrive as written.
                if name.contains("{{") { #expect(message.text.contains("{{")) }
                let size = message.smsSize
                #expect(size.segments >= 1)
                #expect(size.segments == SMSSize(measuring: message.smsText).segments)
                let outside = message.smsText.contains { GSMAlphabet.septets(for: $0) == nil }
                #expect((size.encoding == .ucs2) == outside)
                if size.encoding == .ucs2 {
                    #expect(size.units == message.smsText.utf16.count)
                    #expect(size.segments >= (size.units + 66) / 67 || size.units <= 70)
                } else {
                    #expect(size.units >= message.smsText.count)
                    #expect(size.segments >= (size.units + 152) / 153 || size.units <= 160)
                }
            }
        }
    }
}
