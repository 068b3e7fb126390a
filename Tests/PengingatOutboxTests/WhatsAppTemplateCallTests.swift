import Foundation
import PengingatOutbox
import Testing

@Suite("WhatsApp template calls as the outbox stores them")
struct WhatsAppTemplateCallTests {
    static let dayBefore = WhatsAppTemplateCall(
        name: "pkh_p2k2_pengingat", language: "id", parameters: ["Ani", "Selasa, 8 Desember", "09.00 WIB", "Aula \"Kelurahan\""])
    static let antenatal = WhatsAppTemplateCall(name: "pkh_periksa_hamil", language: "id", parameters: ["Ani", "3", "12 Januari"])

    @Test("no calls are NULL, and NULL or empty text reads as no calls")
    func none() {
        #expect(WhatsAppTemplateCall.encodeList([]) == nil)
        #expect(WhatsAppTemplateCall.decodeList(nil).isEmpty)
        #expect(WhatsAppTemplateCall.decodeList("").isEmpty)
        #expect(WhatsAppTemplateCall.decodeList(" \n").isEmpty)
    }

    @Test("calls are written as a JSON array and read back in their order")
    func list() throws {
        let one = try #require(WhatsAppTemplateCall.encodeList([Self.dayBefore]))
        #expect(one.hasPrefix("["))
        #expect(WhatsAppTemplateCall.decodeList(one) == [Self.dayBefore])
        let two = try #require(WhatsAppTemplateCall.encodeList([Self.antenatal, Self.dayBefore]))
        #expect(WhatsAppTemplateCall.decodeList(two) == [Self.antenatal, Self.dayBefore])
        #expect(WhatsAppTemplateCall.decodeList("[]").isEmpty)
    }

    @Test("a single JSON object, as versions before lists wrote it, reads as one call")
    func legacyObject() {
        let legacy = #"{"name":"pkh_p2k2_pengingat","language":"id","parameters":["Ani","Selasa, 8 Desember","09.00 WIB","Aula \"Kelurahan\""]}"#
        #expect(WhatsAppTemplateCall.decodeList(legacy) == [Self.dayBefore])
        #expect(WhatsAppTemplateCall.decodeList("  " + legacy) == [Self.dayBefore])
        // Exactly what the earlier versions' encoder wrote, whatever its key order.
        let written = String(decoding: try! JSONEncoder().encode(Self.antenatal), as: UTF8.self)
        #expect(WhatsAppTemplateCall.decodeList(written) == [Self.antenatal])
    }

    @Test("text that is no call reads as no calls, rather than failing the message's read")
    func garbage() {
        for text in ["pkh_p2k2_pengingat", "{", "[{\"name\":\"x\"}]", "{\"name\":1}", "42", "null", "[1, 2]", "\"teks\""] {
            #expect(WhatsAppTemplateCall.decodeList(text).isEmpty, "\(text)")
        }
    }
}
