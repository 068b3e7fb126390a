import Crypto
import Foundation
import PengingatCore
import PengingatGateways
import PengingatOutbox
import Testing

/// Each kind's webhooks as the table declares them, against the in-memory backend: what they
/// hand over, and what they answer. Over HTTP, with the store, they are tested in the web and
/// service suites.
@Suite("Gateway webhooks")
struct GatewayWebhookTests {
    static let arrival = Date(timeIntervalSince1970: 1_796_695_200)
    static let context = WebhookContext(
        callbackSecret: "rahasia", environment: ["PENGINGAT_WHATSAPP_APP_SECRET": "app", "PENGINGAT_WHATSAPP_VERIFY_TOKEN": "v"])

    func route(_ method: WebhookRoute.Method, _ path: String) throws -> WebhookRoute {
        try #require(GatewayKinds.webhooks(Self.context).first { $0.method == method && $0.path == path })
    }

    @Test("the table holds every kind's paths, each once per method, and the paths older listeners answered")
    func table() {
        let routes = GatewayKinds.webhooks(Self.context).map { "\($0.method.rawValue) /\($0.path)" }
        #expect(Set(routes).count == routes.count)
        #expect(Set(routes) == [
            "GET /webhooks/kannel/dlr", "GET /webhooks/kannel/mo", "GET /dlr/kannel", "GET /mo/kannel",
            "GET /webhooks/whatsapp", "POST /webhooks/whatsapp", "POST /webhooks/twilio", "POST /callbacks/twilio",
        ])
    }

    @Test("Kannel: a report and a message handed over with the arrival time Kannel gave; a process without replies says so")
    func kannel() async throws {
        let backend = MemoryWebhookBackend(now: { Self.arrival })
        let report = try route(.get, "webhooks/kannel/dlr")
        let answered = try await report.handle(
            WebhookRequest(query: "key=plan%2Fk1&type=1&ts=1796695000&secret=rahasia", headers: [:], target: "/"), backend)
        #expect(answered == .ok())
        #expect(backend.reports.map(\.report.match) == [.key("plan/k1")])
        #expect(backend.reports.first?.report.state == .delivered)
        #expect(backend.reports.first?.report.at == Date(timeIntervalSince1970: 1_796_695_000))
        #expect(try await report.handle(WebhookRequest(query: "key=x&type=1&secret=salah", headers: [:], target: "/"), backend)
            .rejection == "secret")

        let incoming = try route(.get, "webhooks/kannel/mo")
        #expect(try await incoming.handle(WebhookRequest(query: "secret=rahasia&from=081234567890&text=HADIR", headers: [:], target: "/"),
                                          backend) == .ok(""))
        #expect(backend.messages == [InboundMessage(gateway: "kannel", providerID: nil, from: try PhoneNumber(parsing: "081234567890"),
                                                    text: "HADIR", receivedAt: Self.arrival, channel: .sms)])
        let elsewhere = MemoryWebhookBackend(takesMessages: false)
        #expect(try await incoming.handle(WebhookRequest(query: "secret=rahasia&from=081234567890&text=x", headers: [:], target: "/"), elsewhere)
            .status == 404)
    }

    @Test("WhatsApp: a signed notification's messages come in on the WhatsApp channel, under the label its window is read by")
    func whatsApp() async throws {
        let body = Data("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
            "messages":[{"from":"6281234567890","id":"wamid.IN","timestamp":"1796695100","type":"text","text":{"body":"Jadwal"}}]}}]}]}
            """.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("app".utf8)))
        let signature = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        let backend = MemoryWebhookBackend()
        let answer = try await route(.post, "webhooks/whatsapp").handle(
            WebhookRequest(query: "", headers: ["x-hub-signature-256": signature], body: body, target: "/webhooks/whatsapp"), backend)
        #expect(answer == .ok())
        #expect(backend.messages.map(\.channel) == [.whatsapp])
        #expect(backend.messages.first?.gateway == WhatsAppGateway.type)
        #expect(backend.messages.first?.receivedAt == Date(timeIntervalSince1970: 1_796_695_100))
        let forged = try await route(.post, "webhooks/whatsapp").handle(
            WebhookRequest(query: "", headers: ["x-hub-signature-256": "sha256=00"], body: body, target: "/webhooks/whatsapp"), backend)
        #expect(forged.rejection == "signature")
        #expect(backend.messages.count == 1)
    }
}
