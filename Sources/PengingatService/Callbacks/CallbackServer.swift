import Foundation
import Hummingbird
import Logging
import NIOCore
import PengingatCore
import PengingatStore
import ServiceLifecycle

/// The gateways' webhooks (`WebhookRoutes`) on a listener of their own, for `pengingat kirim`
/// running without `pengingat serve` (which serves the same routes beside its pages).
public struct CallbackServer: Service {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port; `onRunning` learns which.
        public var port: Int
        /// The secret our Kannel and Twilio callback URLs carry.
        public var secret: String
        /// WhatsApp: the token for the webhook handshake, and the app secret for signatures.
        public var whatsAppVerifyToken: String?
        public var whatsAppAppSecret: String?
        public var twilioAuthToken: String?
        public var publicURL: String?

        public init(host: String = "127.0.0.1", port: Int = 8686, secret: String, whatsAppVerifyToken: String? = nil,
                    whatsAppAppSecret: String? = nil, twilioAuthToken: String? = nil, publicURL: String? = nil) {
            self.twilioAuthToken = twilioAuthToken
            self.publicURL = publicURL
            self.host = host
            self.port = port
            self.secret = secret
            self.whatsAppVerifyToken = whatsAppVerifyToken
            self.whatsAppAppSecret = whatsAppAppSecret
        }

        /// `host:port` as written in the configuration.
        public init(listen: String, webhooks: WebhookRoutes.Configuration) {
            let parts = listen.split(separator: ":")
            self.init(host: parts.first.map(String.init) ?? "127.0.0.1", port: parts.count > 1 ? Int(parts[1]) ?? 8686 : 8686,
                      secret: webhooks.secret, whatsAppVerifyToken: webhooks.whatsAppVerifyToken,
                      whatsAppAppSecret: webhooks.whatsAppAppSecret, twilioAuthToken: webhooks.twilioAuthToken,
                      publicURL: webhooks.publicURL)
        }
    }

    let store: any DispatchStore
    let configuration: Configuration
    /// Reads and answers incoming messages; without it they are refused (404).
    let replies: ReplyService?
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void
    let now: @Sendable () -> Date

    public init(store: any DispatchStore, configuration: Configuration, replies: ReplyService? = nil, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.now = now
        self.store = store
        self.configuration = configuration
        self.replies = replies
        self.logger = logger
        self.onRunning = onRunning
    }

    public func run() async throws {
        let onRunning = self.onRunning
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pengingat-callbacks"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let routes = WebhookRoutes(
            store: store,
            configuration: .init(secret: configuration.secret, whatsAppVerifyToken: configuration.whatsAppVerifyToken,
                                 whatsAppAppSecret: configuration.whatsAppAppSecret, twilioAuthToken: configuration.twilioAuthToken,
                                 publicURL: configuration.publicURL),
            replies: replies, logger: logger, now: now)
        routes.add(to: router)
        routes.addEarlierPaths(to: router)
        return router
    }
}
