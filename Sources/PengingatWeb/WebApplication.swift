import Foundation
import Hummingbird
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import Prometheus
import ServiceLifecycle

/// `pengingat serve`'s HTTP side: the facilitators' pages, the JSON API, the gateways' webhooks,
/// `/metrics`, `/healthz` and `/readyz`, on one Hummingbird router.
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
        public var webhooks: WebhookRoutes.Configuration

        public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, sessionLifetime: TimeInterval = 12 * 3600,
                    loginAttempts: Int = 5, loginWindow: TimeInterval = 15 * 60,
                    webhooks: WebhookRoutes.Configuration = .init(secret: "")) {
            self.host = host
            self.port = port
            self.secureCookies = secureCookies
            self.sessionLifetime = sessionLifetime
            self.loginAttempts = loginAttempts
            self.loginWindow = loginWindow
            self.webhooks = webhooks
        }

        /// From the `web` section and the environment.
        public init(_ settings: PengingatConfiguration, environment: [String: String]) {
            let parts = settings.web.listen.split(separator: ":")
            self.init(
                host: parts.first.map(String.init) ?? "127.0.0.1", port: parts.count > 1 ? Int(parts[1]) ?? 8080 : 8080,
                secureCookies: settings.web.isBehindTLS, sessionLifetime: settings.web.sessionHours * 3600,
                loginAttempts: settings.web.loginAttempts, loginWindow: settings.web.loginWindowMinutes * 60,
                webhooks: .init(settings, environment: environment, publicURL: settings.web.publicURL))
        }
    }

    let configuration: Configuration
    let store: any PengingatStore
    let desk: FacilitatorDesk
    let accounts: AccountService
    let replies: ReplyService
    let pages: PageRenderer
    let sessions: WebSessions
    let loginLimiter: LoginRateLimiter
    let metrics: PrometheusCollectorRegistry
    let logger: Logger
    let now: @Sendable () -> Date

    public init(configuration: Configuration, store: any PengingatStore, desk: FacilitatorDesk, accounts: AccountService,
                replies: ReplyService, pages: PageRenderer, metrics: PrometheusCollectorRegistry, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.configuration = configuration
        self.store = store
        self.desk = desk
        self.accounts = accounts
        self.replies = replies
        self.pages = pages
        self.sessions = WebSessions(store: store, lifetime: configuration.sessionLifetime)
        self.loginLimiter = LoginRateLimiter(limit: configuration.loginAttempts, window: configuration.loginWindow)
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    public func router() -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: SecurityHeadersMiddleware())
        addOperationRoutes(to: router)
        let webhooks = WebhookRoutes(store: store, configuration: configuration.webhooks, replies: replies, logger: logger, now: now)
        webhooks.add(to: router)
        // Kannel configurations written for `pengingat kirim`'s own listener keep working.
        webhooks.addEarlierPaths(to: router)
        addPageRoutes(to: router)
        addAPIRoutes(to: router)
        return router
    }

    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pengingat"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// The web application as a `Service` of `pengingat serve`'s `ServiceGroup`.
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
