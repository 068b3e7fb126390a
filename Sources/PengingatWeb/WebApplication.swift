import Foundation
import Hummingbird
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import Prometheus
import ServiceLifecycle

/// Pengingat's one HTTP application, on one Hummingbird router: `/healthz`, `/readyz`,
/// `/metrics` and the gateways' webhooks always; the facilitators' pages and the JSON API when
/// it has a `FacilitatorSite`. `pengingat serve` runs it whole; `pengingat kirim` runs it with
/// the webhooks alone, so delivery reports and replies are read by the same code in both.
public struct WebApplication: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port; `onRunning` learns which.
        public var port: Int
        /// Cookies marked `Secure` (the service is reached over https).
        public var secureCookies: Bool
        public var sessionLifetime: TimeInterval
        public var loginAttempts: Int
        public var loginWindow: TimeInterval
        public var webhooks: WebhookContext

        public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, sessionLifetime: TimeInterval = 12 * 3600,
                    loginAttempts: Int = 5, loginWindow: TimeInterval = 15 * 60,
                    webhooks: WebhookContext = WebhookContext(callbackSecret: "")) {
            self.host = host
            self.port = port
            self.secureCookies = secureCookies
            self.sessionLifetime = sessionLifetime
            self.loginAttempts = loginAttempts
            self.loginWindow = loginWindow
            self.webhooks = webhooks
        }

        /// `pengingat serve`: the `web` section and the environment.
        public init(_ settings: PengingatConfiguration, environment: [String: String]) {
            let (host, port) = Self.address(settings.web.listen, defaultPort: 8080)
            self.init(
                host: host, port: port, secureCookies: settings.web.isBehindTLS, sessionLifetime: settings.web.sessionHours * 3600,
                loginAttempts: settings.web.loginAttempts, loginWindow: settings.web.loginWindowMinutes * 60,
                webhooks: Self.webhooks(settings, environment: environment, publicURL: settings.web.publicURL))
        }

        /// `pengingat kirim`'s listener: `dispatch.callback_listen`, webhooks only.
        public init(callbacksOf settings: PengingatConfiguration, listen: String, environment: [String: String]) {
            let (host, port) = Self.address(listen, defaultPort: 8686)
            self.init(host: host, port: port,
                      webhooks: Self.webhooks(settings, environment: environment, publicURL: settings.dispatch.callbackPublicURL))
        }

        static func webhooks(_ settings: PengingatConfiguration, environment: [String: String], publicURL: String?) -> WebhookContext {
            WebhookContext(callbackSecret: environment[settings.dispatch.callbackSecretEnv] ?? "", publicURL: publicURL,
                           environment: environment, gateways: settings.gateways)
        }

        /// `host:port` as the configuration writes it.
        static func address(_ listen: String, defaultPort: Int) -> (String, Int) {
            let parts = listen.split(separator: ":")
            return (parts.first.map(String.init) ?? "127.0.0.1", parts.count > 1 ? Int(parts[1]) ?? defaultPort : defaultPort)
        }
    }

    let configuration: Configuration
    let store: any PengingatStore
    /// Reads and answers incoming messages; without it the webhooks refuse them (404).
    let replies: ReplyService?
    /// The pages and the API; nil for the webhooks alone.
    let site: FacilitatorSite?
    let metrics: PrometheusCollectorRegistry?
    let logger: Logger
    let now: @Sendable () -> Date

    /// The whole application, as `pengingat serve` runs it.
    public init(configuration: Configuration, store: any PengingatStore, desk: FacilitatorDesk, accounts: AccountService,
                replies: ReplyService, pages: PageRenderer, metrics: PrometheusCollectorRegistry, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.configuration = configuration
        self.store = store
        self.replies = replies
        self.site = FacilitatorSite(configuration: configuration, store: store, desk: desk, accounts: accounts, pages: pages,
                                    logger: logger, now: now)
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    /// The webhooks, health and readiness alone, as `pengingat kirim` runs them.
    public init(webhooksOnly configuration: Configuration, store: any PengingatStore, replies: ReplyService?, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.configuration = configuration
        self.store = store
        self.replies = replies
        self.site = nil
        self.metrics = nil
        self.logger = logger
        self.now = now
    }

    public func router() -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: SecurityHeadersMiddleware())
        addOperationRoutes(to: router)
        WebhookEndpoints(
            routes: GatewayKinds.webhooks(configuration.webhooks),
            backend: StoreWebhookBackend(store: store, replies: replies, logger: logger, now: now)
        ).add(to: router)
        site?.addRoutes(to: router)
        return router
    }

    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: site == nil ? "pengingat-callbacks" : "pengingat"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// The web application as a `Service` of a `ServiceGroup`.
public struct WebService: Service, CustomStringConvertible {
    let application: WebApplication
    let onRunning: @Sendable (Int) async -> Void

    public init(_ application: WebApplication, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.application = application
        self.onRunning = onRunning
    }

    /// Inside the caller's `ServiceGroup`: the group handles the signals and shuts this down.
    public func run() async throws {
        try await application.application(onRunning: onRunning).run()
    }

    public var description: String { "WebService(\(application.configuration.host):\(application.configuration.port))" }
}
