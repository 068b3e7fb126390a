import Foundation
import PengingatCore
import PengingatOutbox

/// Kannel calls us with delivery reports (the `dlr-url` each message carries) and with the
/// messages households send (its `sms-service` get-url). Both carry the installation's secret in
/// the URL: Kannel cannot sign.
struct KannelWebhooks {
    static let reportPath = "webhooks/kannel/dlr"
    static let incomingPath = "webhooks/kannel/mo"

    let context: WebhookContext

    var routes: [WebhookRoute] {
        [
            WebhookRoute(webhook: "kannel_dlr", .get, Self.reportPath, handle: report),
            WebhookRoute(webhook: "kannel_mo", .get, Self.incomingPath, handle: incoming),
            // The paths `pengingat kirim`'s own listener answered before `/webhooks`: Kannel
            // configurations and messages already sent name them.
            WebhookRoute(webhook: "kannel_dlr", .get, "dlr/kannel", handle: report),
            WebhookRoute(webhook: "kannel_mo", .get, "mo/kannel", handle: incoming),
        ]
    }

    func report(_ request: WebhookRequest, _ backend: any WebhookBackend) async throws -> WebhookResponse {
        let query = request.queryItems
        guard context.isCallbackSecret(query["secret"]) else { return .refused("secret", status: 403, "secret") }
        guard let key = query["key"], let type = query["type"].flatMap({ Int($0) }) else {
            return .refused("malformed", status: 400, "key and type are required")
        }
        guard let state = KannelReportStatus.state(type: type) else { return .ok("ignored") }
        let at = query["ts"].flatMap { UnixTime.date($0) } ?? backend.now()
        let outcome = try await backend.applyReport(
            DeliveryReport(match: .key(key), state: state, at: at, detail: "kannel DLR \(type)"), from: KannelGateway.type)
        backend.logger.debug("delivery report", metadata: [
            "report.gateway": "kannel", "report.type": "\(type)", "report.outcome": "\(outcome)",
        ])
        return outcome == .unknownMessage ? .unknownMessage : .ok()
    }

    // Kannel's `max-messages = 0` keeps it from answering by itself: answers go through the outbox.
    func incoming(_ request: WebhookRequest, _ backend: any WebhookBackend) async throws -> WebhookResponse {
        guard context.isCallbackSecret(request.queryItems["secret"]) else { return .refused("secret", status: 403, "secret") }
        guard let message = KannelInbound.parse(query: request.query) else {
            return .refused("malformed", status: 400, "from and text are required")
        }
        guard let phone = try? PhoneNumber(parsing: message.from) else {
            backend.logger.notice("incoming message from an unusable number", metadata: ["reply.gateway": "kannel"])
            return .ok("")
        }
        let taken = try await backend.receive(InboundMessage(
            gateway: KannelGateway.type, providerID: message.providerID, from: phone, text: message.text,
            receivedAt: message.at ?? backend.now(), channel: .sms))
        return taken ? .ok("") : .repliesNotHandled
    }
}
