import Crypto
import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import Testing

/// Outbox messages for dispatch tests: one item for household H1, due `hours` from `base`.
enum OutboxFixture {
    static let base = Date(timeIntervalSince1970: 1_796_695_200)  // 8 December 2026 09.00 WIB
    static let window = DateInterval(start: base.addingTimeInterval(-86_400 * 3), duration: 86_400 * 10)

    static func message(_ key: String, due hours: Double, text: String = "Ibu Ani, besok P2K2.",
                        phone: String = "081234567890", expires: Date = base, channel: Household.Channel = .sms,
                        whatsAppTemplates: [WhatsAppTemplateCall] = []) -> OutboxMessage {
        OutboxMessage(
            key: key, source: "planner", phone: try! PhoneNumber(parsing: phone), channel: channel, language: .indonesian,
            groupID: "G1", dueAt: base.addingTimeInterval(hours * 3600), expiresAt: expires, priority: 5, text: text,
            segments: 1, encoding: "GSM-7",
            items: [OutboxItem(key: "item-" + key, householdID: "H1", eventKey: "G1/2026-12", eventAt: base, kind: "p2k2-reminder-day-before")],
            whatsAppTemplates: whatsAppTemplates)
    }

    static let client = try! CurlTransport(logger: Logger(label: "test"))
}

/// The callback listener, over real HTTP on a free loopback port.
@Suite("Delivery report callbacks")
struct CallbackServerTests {
    /// Starts a listener on a free port and runs `body` with its base URL, then stops it.
    static func withServer(
        _ store: SQLiteStore, whatsAppSecret: String? = "app-secret",
        _ body: (String) async throws -> Void
    ) async throws {
        let port = PortBox()
        let server = CallbackListener.make(
            store: store, secret: "rahasia", whatsAppVerifyToken: "verify-me", whatsAppAppSecret: whatsAppSecret,
            onRunning: { await port.set($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let bound = try await port.wait()
            try await body("http://127.0.0.1:\(bound)")
            group.cancelAll()
        }
    }

    static func accepted(_ key: String, providerID: String? = nil, in store: SQLiteStore? = nil) async throws -> SQLiteStore {
        let store = try store ?? SQLiteStore.inMemory()
        let message = OutboxFixture.message(key, due: -16)
        _ = try await store.commit([message], source: "planner", groupID: "G1", window: OutboxFixture.window, stale: [], at: OutboxFixture.window.start)
        let now = OutboxFixture.base.addingTimeInterval(-3600)
        _ = try await store.claim(now: now, limit: 1, owner: "A", leaseUntil: now.addingTimeInterval(60))
        _ = try await store.finishAttempt(AttemptRecord(key: key, owner: "A", gateway: "kannel", at: now, httpStatus: 202,
                                                     latency: 0, error: nil, consequence: .accepted(providerID: providerID)))
        return store
    }

    static func request(_ url: String, method: String = "GET", body: Data? = nil, headers: [String: String] = [:]) async throws -> (Int, String) {
        let response = try await OutboxFixture.client.send(HTTPRequest(
            method: method == "POST" ? .post : .get, url: url, headers: headers.map { ($0.key, $0.value) }, body: body))
        return (response.status, response.text)
    }

    @Test("Kannel DLRs: bits read, out of order kept forward, a wrong secret refused")
    func kannel() async throws {
        let key = "plan/G1/2026-12-07/3f9a0c51d2e8b647"
        let store = try await Self.accepted(key)
        try await Self.withServer(store) { base in
            let encodedKey = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let status1 = try await Self.request("\(base)/dlr/kannel?key=\(encodedKey)&secret=salah&type=1").0
            #expect(status1 == 403)
            let status2 = try await Self.request("\(base)/dlr/kannel?key=\(encodedKey)&type=1").0
            #expect(status2 == 403)
            #expect(try await store.outboxMessage(key: key)?.state == .accepted)
            let status3 = try await Self.request("\(base)/dlr/kannel?key=\(encodedKey)&secret=rahasia&type=1&ts=1796695200").0
            #expect(status3 == 200)
            let status4 = try await Self.request("\(base)/dlr/kannel?key=\(encodedKey)&secret=rahasia&type=8").0
            #expect(status4 == 200)
            #expect(try await store.outboxMessage(key: key)?.state == .delivered)
            let status5 = try await Self.request("\(base)/dlr/kannel?key=nothing&secret=rahasia&type=1").0
            #expect(status5 == 404)
        }
        let reports = try await store.deliveryLog(DeliveryLogFilter()).filter { $0.event == .report }
        #expect(reports.map(\.detail) == ["kannel DLR 1", "kannel DLR 8"])
    }

    @Test("a Kannel report sent to the key a message had before keys became opaque still finds the message")
    func kannelLegacyKey() async throws {
        let store = try SQLiteStore.inMemory()
        let legacy = "plan/G1/+6281234567890/2026-12-07"
        let key = PlanMessageKey.current(legacy, secret: try await store.messageKeySecret())
        #expect(key != legacy && !key.contains("+62"))
        let accepted = try await Self.accepted(key, in: store)
        try await Self.withServer(accepted) { base in
            let encoded = legacy.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let status = try await Self.request("\(base)/webhooks/kannel/dlr?key=\(encoded)&secret=rahasia&type=1").0
            #expect(status == 200)
        }
        #expect(try await store.outboxMessage(key: key)?.state == .delivered)
    }

    @Test("DLR type bits map to the status model", arguments: [
        (1, OutboxState.delivered), (2, .failed), (34, .expired), (16, .failed), (8, .accepted), (4, .accepted), (9, .delivered),
    ])
    func kannelBits(type: Int, state: OutboxState) {
        #expect(KannelReportStatus.state(type: type) == state)
    }

    @Test("WhatsApp: the verification handshake, signed status webhooks, unsigned ones refused")
    func whatsApp() async throws {
        let store = try await Self.accepted("m1", providerID: "wamid.ABC")
        try await Self.withServer(store) { base in
            let (status, challenge) = try await Self.request("\(base)/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345")
            #expect(status == 200 && challenge == "12345")
            let status6 = try await Self.request("\(base)/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").0
            #expect(status6 == 403)

            let body = Data("""
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                "messaging_product":"whatsapp","statuses":[{"id":"wamid.ABC","status":"delivered","timestamp":"1796695200",
                "recipient_id":"6281234567890"}]}}]}]}
                """.utf8)
            let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("app-secret".utf8)))
                .map { String(format: "%02x", $0) }.joined()
            let status7 = try await Self.request("\(base)/webhooks/whatsapp", method: "POST", body: body,
                                           headers: ["X-Hub-Signature-256": "sha256=00"]).0
            #expect(status7 == 403)
            #expect(try await store.outboxMessage(key: "m1")?.state == .accepted)
            let status8 = try await Self.request("\(base)/webhooks/whatsapp", method: "POST", body: body,
                                           headers: ["X-Hub-Signature-256": signature, "Content-Type": "application/json"]).0
            #expect(status8 == 200)
            #expect(try await store.outboxMessage(key: "m1")?.state == .delivered)
        }
    }

    @Test("Twilio status callbacks carry our key and secret")
    func twilio() async throws {
        let store = try await Self.accepted("m1", providerID: "SM123")
        try await Self.withServer(store) { base in
            let form = Data("MessageSid=SM123&MessageStatus=undelivered&ErrorCode=30003".utf8)
            let headers = ["Content-Type": "application/x-www-form-urlencoded"]
            let status9 = try await Self.request("\(base)/callbacks/twilio?key=m1&secret=salah", method: "POST", body: form, headers: headers).0
            #expect(status9 == 403)
            let status10 = try await Self.request("\(base)/callbacks/twilio?key=m1&secret=rahasia", method: "POST", body: form, headers: headers).0
            #expect(status10 == 200)
            #expect(try await store.outboxMessage(key: "m1")?.state == .failed)
        }
    }
}

/// The port a listener reports once it is bound.
actor PortBox {
    private var port: Int?
    func set(_ value: Int) { port = value }
    func wait() async throws -> Int {
        for _ in 0..<200 {
            if let port { return port }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw CancellationError()
    }
}
