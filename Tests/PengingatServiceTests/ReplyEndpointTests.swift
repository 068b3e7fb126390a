import Crypto
import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import Testing

/// Incoming messages over real HTTP: Kannel's MO URL and WhatsApp's webhook.
@Suite("Incoming message endpoints")
struct ReplyEndpointTests {
    typealias F = PlannerFixture
    typealias R = ReplyServiceTests

    static func withServer(_ store: SQLiteStore, replies: Bool = true, _ body: (String) async throws -> Void) async throws {
        let port = PortBox()
        let server = CallbackListener.make(
            store: store, secret: "rahasia", whatsAppVerifyToken: "verify-me", whatsAppAppSecret: "app-secret",
            replies: replies ? try R.service(store) : nil, onRunning: { await port.set($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let bound = try await port.wait()
            try await body("http://127.0.0.1:\(bound)")
            group.cancelAll()
        }
    }

    static func get(_ url: String) async throws -> Int {
        try await CallbackServerTests.request(url).0
    }

    @Test("Kannel MO: the secret is required; BERHENTI opts out; UCS-2 and Latin-1 texts are read right; Kannel's id dedupes")
    func kannel() async throws {
        let store = try await R.store()
        try await Self.withServer(store) { base in
            let value1 = try await Self.get("\(base)/mo/kannel?from=081234567891&text=BERHENTI")
            #expect(value1 == 403)
            let value2 = try await Self.get("\(base)/mo/kannel?secret=salah&from=081234567891&text=BERHENTI")
            #expect(value2 == 403)
            let value3 = try await store.household(id: "H1", in: .everything)?.consent
            #expect(value3 == .granted)
            let value4 = try await Self.get("\(base)/mo/kannel?secret=rahasia&text=BERHENTI")
            #expect(value4 == 400)

            let stop = "\(base)/mo/kannel?secret=rahasia&from=%2B6281234567891&text=berhenti.&coding=0&charset=ISO-8859-1&id=k-1&ts=1796180400"
            let value5 = try await Self.get(stop)
            #expect(value5 == 200)
            let value6 = try await Self.get(stop)
            #expect(value6 == 200, "Kannel retrying is harmless")
            let value7 = try await store.household(id: "H1", in: .everything)?.consent
            #expect(value7 == .optedOut)

            // "Izin, anak sakit 🤒" from Budi as UCS-2 (UTF-16BE bytes), and "Hadir é" from Cucu as Latin-1 bytes.
            let ucs2 = Array("IZIN anak sakit 🤒".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
                .map { String(format: "%%%02X", $0) }.joined()
            let value8 = try await Self.get("\(base)/mo/kannel?secret=rahasia&from=081234567892&text=\(ucs2)&coding=2&charset=UTF-16BE&id=k-2")
            #expect(value8 == 200)
            let value9 = try await Self.get("\(base)/mo/kannel?secret=rahasia&from=081234567893&text=Hadir+%E9&coding=0&id=k-3")
            #expect(value9 == 200)
            // An unusable sender number is acknowledged to Kannel and dropped.
            let value10 = try await Self.get("\(base)/mo/kannel?secret=rahasia&from=Indosat&text=Promo&id=k-4")
            #expect(value10 == 200)
        }
        let replies = try await store.replies(in: .everything, unhandledOnly: false, since: nil, limit: 10)
        #expect(replies.count == 3)
        let budi = try #require(replies.first { $0.phone == R.budi })
        #expect(budi.text == "IZIN anak sakit 🤒" && budi.intent == .excused(reason: "anak sakit 🤒"))
        #expect(replies.first { $0.phone == R.cucu }?.text == "Hadir é")
        let stop = try #require(replies.first { $0.phone == R.ani })
        #expect(stop.receivedAt == Date(timeIntervalSince1970: 1_796_180_400) && stop.gateway == "kannel" && stop.providerID == "k-1")
        // The confirmation goes back by SMS through the outbox, once.
        let answers = try await R.everything(store).filter { $0.phone == R.ani }
        #expect(answers.count == 1 && answers.first?.channel == .sms)
    }

    @Test("WhatsApp inbound: signed messages are read (text, button and interactive replies), statuses still applied, unsigned refused")
    func whatsApp() async throws {
        let store = try await R.store()
        let body = Data("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
            "messaging_product":"whatsapp","contacts":[{"wa_id":"6281234567892","profile":{"name":"Budi"}}],
            "messages":[
              {"from":"6281234567892","id":"wamid.IN1","timestamp":"1796180400","type":"text","text":{"body":"Jadwal"}},
              {"from":"6281234567892","id":"wamid.IN2","timestamp":"1796180460","type":"button","button":{"text":"HADIR","payload":"x"}},
              {"from":"6281234567893","id":"wamid.IN3","timestamp":"1796180520","type":"interactive",
               "interactive":{"type":"button_reply","button_reply":{"id":"b1","title":"Stop"}}},
              {"from":"6281234567891","id":"wamid.IN4","timestamp":"1796180580","type":"image","image":{"id":"m"}}
            ]}}]}]}
            """.utf8)
        let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("app-secret".utf8)))
            .map { String(format: "%02x", $0) }.joined()
        try await Self.withServer(store) { base in
            let unsigned = try await CallbackServerTests.request("\(base)/webhooks/whatsapp", method: "POST", body: body).0
            #expect(unsigned == 403)
            #expect(try await store.replies(in: .everything, unhandledOnly: false, since: nil, limit: 10).isEmpty)
            for _ in 0..<2 {
                let status = try await CallbackServerTests.request(
                    "\(base)/webhooks/whatsapp", method: "POST", body: body,
                    headers: ["X-Hub-Signature-256": signature, "Content-Type": "application/json"]).0
                #expect(status == 200)
            }
        }
        let replies = try await store.replies(in: .everything, unhandledOnly: false, since: nil, limit: 10).sorted { $0.receivedAt < $1.receivedAt }
        #expect(replies.map(\.text) == ["Jadwal", "HADIR", "Stop", "[image]"], "a retried webhook is kept once")
        #expect(replies.map(\.intent) == [.schedule, .attending, .optOut, .other])
        #expect(replies.allSatisfy { $0.gateway == "whatsapp" })
        #expect(try await store.household(id: "H3", in: .everything)?.consent == .optedOut)
        let schedule = try #require(try await R.everything(store).first { $0.phone == R.budi })
        #expect(schedule.channel == .whatsapp && schedule.text.contains("8 Desember 2026"))
    }

    @Test("without a reply service, incoming messages are refused but statuses still work")
    func withoutReplies() async throws {
        let store = try await R.store()
        try await Self.withServer(store, replies: false) { base in
            let value11 = try await Self.get("\(base)/mo/kannel?secret=rahasia&from=081234567891&text=BERHENTI")
            #expect(value11 == 404)
        }
        let value12 = try await store.household(id: "H1", in: .everything)?.consent
        #expect(value12 == .granted)
    }

    @Test("Kannel query decoding", arguments: [
        ("from=0812&text=HADIR", "HADIR"), ("from=0812&text=izin+anak+sakit", "izin anak sakit"),
        ("from=0812&text=%49%5A%49%4E", "IZIN"), ("from=0812&text=caf%C3%A9", "café"), ("from=0812&text=caf%E9", "café"),
        ("from=0812&text=%00%48%00%41&coding=2", "HA"), ("from=0812&text=50%25", "50%"), ("from=0812&text=bad%ZZ", "bad%ZZ"),
        ("from=0812&text=a%+1b", "a% 1b"), ("from=0812&text=a%-0b", "a%-0b"),
    ])
    func decoding(query: String, text: String) {
        #expect(KannelInbound.parse(query: query)?.text == text)
    }

    @Test("Kannel's unfilled escapes are not taken as an id")
    func unfilledID() {
        #expect(KannelInbound.parse(query: "from=0812&text=x&id=%25I")?.providerID == nil)
        #expect(KannelInbound.parse(query: "from=0812&text=x&id=abc")?.providerID == "abc")
        #expect(KannelInbound.parse(query: "text=x") == nil)
    }
}
