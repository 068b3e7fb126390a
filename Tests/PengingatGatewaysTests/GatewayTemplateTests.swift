import Foundation
import PengingatCore
@testable import PengingatGateways
import Testing

/// The aggregator templates, parsed once and filled per message, against Foundation's own
/// encoders as the reference.
@Suite("Gateway templates")
struct GatewayTemplateTests {
    static let message = GatewayMessage(
        id: "plan/K03/2027-03-04", phone: PhoneNumber(e164: "+6281234567890")!,
        text: "Ibu \"Ani\" \\ a/b\n\tč 👍 \u{01}&=?+%", email: nil)

    @Test("every placeholder and filter fills as documented; unknown names are empty; an unclosed tag stays")
    func fills() {
        let template = GatewayTemplate("to={{to}}&l={{ to_local }}&d={{to_digits|url}}&x={{nope}}&id={{id|url}} {{text")
        #expect(template.filled(with: Self.message)
            == "to=+6281234567890&l=081234567890&d=6281234567890&x=&id=plan%2FK03%2F2027-03-04 {{text")
    }

    @Test("url encoding matches Foundation's for the unreserved set")
    func url() {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        for text in [Self.message.text, "", "abc-._~", "Sampurasun, Ibu! 100%", "ß日本"] {
            #expect(URLQuery.encode(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved))
        }
    }

    @Test("json escaping reads back as the same string, slashes and non-ASCII left as they are")
    func json() throws {
        let filled = GatewayTemplate(#"{"m":"{{text|json}}"}"#).filled(with: Self.message)
        let object = try JSONSerialization.jsonObject(with: Data(filled.utf8)) as? [String: String]
        #expect(object?["m"] == Self.message.text)
        #expect(filled.contains("a/b") && filled.contains("👍") && filled.contains("\\u0001"))
    }
}
