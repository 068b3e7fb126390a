import Foundation
import PengingatCore
import PengingatOutbox

/// Twilio's status callbacks, signed with the account's auth token (`X-Twilio-Signature`).
struct TwilioWebhooks {
    static let path = "webhooks/twilio"

    let context: WebhookContext
    let authToken: String?

    init(context: WebhookContext) {
        self.context = context
        authToken = context.settings(TwilioSettings.self).first.flatMap { context.environment[$0.tokenEnv] }
    }

    var routes: [WebhookRoute] {
        [
            WebhookRoute(webhook: "twilio", .post, Self.path) { request, backend in
                try await status(request, backend, signed: true)
            },
            // Messages sent before `/webhooks` name this path, with the callback secret instead of a signature.
            WebhookRoute(webhook: "twilio", .post, "callbacks/twilio") { request, backend in
                try await status(request, backend, signed: false)
            },
        ]
    }

    func status(_ request: WebhookRequest, _ backend: any WebhookBackend, signed: Bool) async throws -> WebhookResponse {
        let pairs = FormEncoding.pairs(request.bodyText)
        let form = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        if signed {
            guard let authToken, !authToken.isEmpty, let signature = request.headers["x-twilio-signature"],
                  ConstantTime.equals(signature, TwilioStatus.signature(url: signedURL(request), form: pairs, authToken: authToken))
            else { return .refused("signature", status: 403, "signature") }
        } else {
            guard context.isCallbackSecret(request.queryItems["secret"]) else { return .refused("secret", status: 403, "secret") }
        }
        guard let status = form["MessageStatus"], let state = TwilioStatus.state(status) else {
            return .refused("malformed", status: 400, "MessageStatus is required")
        }
        let match: DeliveryReport.Match = request.queryItems["key"].map { .key($0) } ?? .providerID(form["MessageSid"] ?? "")
        let outcome = try await backend.applyReport(DeliveryReport(
            match: match, state: state, at: backend.now(), detail: "twilio \(status) \(form["ErrorCode"] ?? "")"),
            from: TwilioGateway.type)
        return outcome == .unknownMessage ? .unknownMessage : .ok()
    }

    /// The URL as Twilio called it: the configured public address, or what the request says.
    private func signedURL(_ request: WebhookRequest) -> String {
        let base = context.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://\(request.authority ?? "localhost")"
        return base + request.target
    }
}
