import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatOutbox
import PengingatService
import PengingatStore
import PengingatTestSupport
import Synchronization
import Testing

/// Answers every request as the Cloud API accepts a message, and keeps the JSON bodies: beside
/// `AdapterTests`, which checks the same requests against a real HTTP sink.
final class AcceptingWhatsAppTransport: HTTPTransport {
    private let requests = Mutex<[String]>([])

    func send(_ request: HTTPRequest) async throws(CurlError) -> HTTPResponse {
        let body = request.body.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        let kind = body["type"] as? String == "template"
            ? "template:" + (((body["template"] as? [String: Any])?["name"] as? String) ?? "?")
            : (body["type"] as? String ?? "?")
        let count = requests.withLock { requests in
            requests.append(kind)
            return requests.count
        }
        return HTTPResponse(status: 200, body: Data(#"{"messages":[{"id":"wamid.\#(count)"}]}"#.utf8))
    }

    func send(_ mail: MailRequest) async throws(CurlError) -> MailResponse { MailResponse(code: 250) }

    /// `text` or `template:<name>` per request, in order.
    var sent: [String] { requests.withLock { $0 } }
}

@Suite("WhatsApp's 24-hour window in the dispatcher")
struct WhatsAppWindowDispatchTests {
    @Test("a number that wrote within 24 hours gets text by WhatsApp; outside, a template per item; without one, SMS")
    func window() async throws {
        let wroteLately = "081234567891"
        let wroteLongAgo = "081234567892"
        let neverWrote = "081234567893"
        let template = WhatsAppTemplateCall(name: "pkh_p2k2_pengingat", language: "id", parameters: ["Ani", "Selasa"])
        let weighing = WhatsAppTemplateCall(name: "pkh_posyandu", language: "id", parameters: ["Ani", "Kamis"])
        let store = try await DispatcherTests().setUp([
            OutboxFixture.message("lately", due: -7, phone: wroteLately, channel: .whatsapp),
            OutboxFixture.message("long-ago", due: -7, phone: wroteLongAgo, channel: .whatsapp, whatsAppTemplates: [template]),
            OutboxFixture.message("never", due: -7, phone: neverWrote, channel: .whatsapp),
            // Two items merged for a number that never wrote: one template for each.
            OutboxFixture.message("merged", due: -7, text: "Ibu Ani, besok P2K2.\nLusa posyandu.", phone: "081234567894",
                                  channel: .whatsapp, whatsAppTemplates: [template, weighing]),
        ])
        let clock = TestClock(DispatcherTests.start)
        for (number, hoursAgo, gateway) in [(wroteLately, 3.0, "whatsapp"), (wroteLongAgo, 30.0, "whatsapp"), (neverWrote, 2.0, "kannel")] {
            // The last is a text message by SMS: it opens no WhatsApp window.
            _ = try await store.recordReply(Reply(
                id: "r-\(number)", receivedAt: clock.now.addingTimeInterval(-hoursAgo * 3600), gateway: gateway, providerID: nil,
                phone: try PhoneNumber(parsing: number), householdIDs: [], groupID: nil, text: "Terima kasih", intent: .other))
        }
        let transport = AcceptingWhatsAppTransport()
        let whatsapp = WhatsAppGateway(name: "wa", configuration: .init(phoneNumberID: "1098765", accessToken: "t"), transport: transport)
        let sms = ScriptedGateway("sms", [.accepted(providerID: nil)])
        _ = try await DispatcherTests().dispatcher(store, [whatsapp, sms], channels: [.whatsapp: ["wa", "sms"]], clock: clock).drain()

        #expect(try await store.outboxMessage(key: "lately")?.gateway == "wa")
        #expect(try await store.outboxMessage(key: "long-ago")?.gateway == "wa")
        #expect(try await store.outboxMessage(key: "never")?.gateway == "sms")
        #expect(try await store.outboxMessage(key: "merged")?.gateway == "wa")
        #expect(transport.sent.sorted() == ["template:pkh_p2k2_pengingat", "template:pkh_p2k2_pengingat", "template:pkh_posyandu", "text"])
        #expect(sms.texts.count == 1)
        // The refusal is in the delivery log, so an operator sees why it went by SMS.
        let attempts = try await store.deliveryLog(DeliveryLogFilter()).filter { $0.event == .attempt && $0.messageKey == "never" }
        #expect(attempts.map(\.gateway) == ["wa", "sms"])
    }
}
