import Foundation
import Logging
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatWeb

/// `pengingat kirim`'s listener, as it runs it: the web application with the webhooks alone.
enum CallbackListener {
    static func make(
        store: any PengingatStore, port: Int = 0, secret: String, whatsAppVerifyToken: String? = nil,
        whatsAppAppSecret: String? = nil, replies: ReplyService? = nil, onRunning: @escaping @Sendable (Int) async -> Void
    ) -> WebService {
        var environment: [String: String] = [:]
        environment[WhatsAppSettings.defaultVerifyTokenEnv] = whatsAppVerifyToken
        environment[WhatsAppSettings.defaultAppSecretEnv] = whatsAppAppSecret
        return WebService(WebApplication(
            webhooksOnly: .init(host: "127.0.0.1", port: port,
                                webhooks: WebhookContext(callbackSecret: secret, environment: environment)),
            store: store, replies: replies, logger: Logger(label: "test")), onRunning: onRunning)
    }
}
