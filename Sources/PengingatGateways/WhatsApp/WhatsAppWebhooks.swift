import Foundation
import PengingatCore
import PengingatOutbox

/// WhatsApp's webhook: the verification handshake (GET), then signed notifications (POST,
/// `X-Hub-Signature-256`) with statuses and incoming messages. Incoming messages also open
/// each number's 24-hour window (`WhatsAppServiceWindow`), read back from the replies.
struct WhatsAppWebhooks {
    static let path = "webhooks/whatsapp"

    let verifyToken: String?
    let appSecret: String?

    init(context: WebhookContext) {
        // The configured gateway names the variables; without one, the documented defaults.
        let settings = context.settings(WhatsAppSettings.self).first
        verifyToken = context.environment[settings?.verifyTokenEnv ?? WhatsAppSettings.defaultVerifyTokenEnv]
        appSecret = context.environment[settings?.appSecretEnv ?? WhatsAppSettings.defaultAppSecretEnv]
    }

    var routes: [WebhookRoute] {
        [
            WebhookRoute(webhook: "whatsapp", .get, Self.path) { request, _ in verification(request) },
            WebhookRoute(webhook: "whatsapp", .post, Self.path, bodyLimit: 1_048_576, handle: notification),
        ]
    }

    func verification(_ request: WebhookRequest) -> WebhookResponse {
        let query = request.queryItems
        guard query["hub.mode"] == "subscribe", let verifyToken, let given = query["hub.verify_token"],
              ConstantTime.equals(given, verifyToken), let challenge = query["hub.challenge"]
        else { return .refused("verify_token", status: 403, "verification failed") }
        return .ok(challenge)
    }

    func notification(_ request: WebhookRequest, _ backend: any WebhookBackend) async throws -> WebhookResponse {
        guard let appSecret,
              WhatsAppNotification.verifySignature(body: request.body, header: request.headers["x-hub-signature-256"], appSecret: appSecret)
        else { return .refused("signature", status: 403, "signature") }
        guard let notification = WhatsAppNotification(request.body, receivedAt: backend.now()) else {
            return .refused("malformed", status: 400, "not a webhook body")
        }
        for status in notification.statuses {
            _ = try await backend.applyReport(DeliveryReport(
                match: .providerID(status.providerID), state: status.state, at: status.at, detail: status.detail),
                from: WhatsAppGateway.type)
        }
        var ignored = 0
        for message in notification.messages {
            guard let phone = try? PhoneNumber(parsing: message.from.hasPrefix("+") ? message.from : "+" + message.from) else { continue }
            let taken = try await backend.receive(InboundMessage(
                gateway: WhatsAppGateway.type, providerID: message.providerID, from: phone, text: message.text,
                receivedAt: message.at ?? backend.now(), channel: .whatsapp))
            if !taken { ignored += 1 }
        }
        if ignored > 0 {
            backend.logger.notice("incoming WhatsApp messages ignored: replies are not handled here",
                                  metadata: ["reply.count": "\(ignored)"])
        }
        return .ok()
    }
}
