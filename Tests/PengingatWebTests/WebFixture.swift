import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import NIOCore
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTemplates
import PengingatWeb
import Prometheus

/// The sample roster in memory, three accounts (the coordinator, the facilitators of PDP-01 and
/// PDP-02), and the web application over them, standing on 8 December 2026 12.00 WIB.
struct WebFixture {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// swift-metrics can be pointed at a registry once per process: the tests share this one.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static let now = LocalDateTime(date: CalendarDate(year: 2026, month: 12, day: 8)!, time: TimeOfDay(hour: 12, minute: 0)!)
        .instant(in: .wib)
    static let passwords = ["admin": "koordinator-rahasia", "siti": "siti-rahasia-1", "budi": "budi-rahasia-2"]

    let store: SQLiteStore
    let app: WebApplication
    let accounts: AccountService
    /// Makes another web application over the same store: a restarted `serve`, or a second
    /// process behind the same address.
    let anotherProcess: @Sendable () async throws -> WebApplication

    static func make(
        webhooks: WebhookContext = WebhookContext(callbackSecret: "rahasia-callback"), secureCookies: Bool = false, planDays: Int? = nil
    ) async throws -> WebFixture {
        let root = repositoryRoot
        var settings = try PengingatConfiguration.load(path: root + "/Config/pengingat.yaml")
        if let planDays { settings.web.planDays = planDays }
        settings.planner.holidaysFile = root + "/Config/hari-libur.yaml"
        settings.planner.curriculumFile = root + "/Config/kurikulum-p2k2.yaml"
        settings.planner.rulesFile = root + "/Config/aturan-kewajiban.yaml"
        let rules = try PlanningRules.load(settings)
        let catalogue = try TemplateCatalogue.load(settings: TemplateSettings(directory: root + "/Templates"))
        let store = try SQLiteStore.inMemory()
        let logger = Logger(label: "test")
        _ = try await RosterImporter(store: store, logger: logger)
            .importRoster(from: [root + "/Config/contoh"], options: .init(today: CalendarDate(year: 2026, month: 11, day: 16)!))
        let accounts = AccountService(store: store, cost: 4)
        try await accounts.create(login: "admin", displayName: "Koordinator", role: .admin, facilitatorID: nil,
                                  password: passwords["admin"]!, now: now)
        try await accounts.create(login: "siti", displayName: nil, role: .facilitator, facilitatorID: "PDP-01",
                                  password: passwords["siti"]!, now: now)
        try await accounts.create(login: "budi", displayName: nil, role: .facilitator, facilitatorID: "PDP-02",
                                  password: passwords["budi"]!, now: now)
        let clock: @Sendable () -> Date = { now }
        _ = try await Planner(store: store, rules: rules, catalogue: catalogue, logger: logger)
            .commit(Planner.Horizon(now: now.addingTimeInterval(-86_400), days: 8))
        let desk = FacilitatorDesk(store: store, rules: rules, catalogue: catalogue, settings: settings, logger: logger, now: clock)
        let replies = ReplyService(store: store, rules: rules, catalogue: catalogue, settings: settings.replies, logger: logger)
        let application: @Sendable () async throws -> WebApplication = {
            WebApplication(
                configuration: .init(secureCookies: secureCookies, loginAttempts: 5, webhooks: webhooks), store: store, desk: desk,
                accounts: accounts, replies: replies, pages: try await PageRenderer.load(directory: root + "/Templates/web"),
                metrics: registry, logger: logger, now: clock)
        }
        return WebFixture(store: store, app: try await application(), accounts: accounts, anotherProcess: application)
    }

    /// Runs `body` against the router, as Hummingbird's tests do, with no socket.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Self.test(app, body)
    }

    static func test(_ app: WebApplication, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: app.router()).test(.router) { client in try await body(client) }
    }
}

/// A browser's memory of cookies, for walking the pages in a test.
actor CookieJar {
    private var cookies: [String: String] = [:]

    func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
    }

    func header() -> String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
    func value(_ name: String) -> String? { cookies[name] }
}

extension TestClientProtocol {
    func get(_ uri: String, jar: CookieJar? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let jar { headers[.cookie] = await jar.header() }
        let response = try await execute(uri: uri, method: .get, headers: headers, body: nil)
        await jar?.remember(response)
        return response
    }

    func post(_ uri: String, form: [(String, String)], jar: CookieJar? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let jar { headers[.cookie] = await jar.header() }
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let body = form.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        let response = try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        await jar?.remember(response)
        return response
    }

    func json(_ uri: String, method: HTTPRequest.Method = .get, token: String?, body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Signs in through the login page; returns the jar holding the session.
    func signIn(_ login: String, password: String? = nil) async throws -> CookieJar {
        let jar = CookieJar()
        _ = try await get("/masuk", jar: jar)
        let token = await jar.value("pengingat_csrf") ?? ""
        let response = try await post("/masuk", form: [("_csrf", token), ("nama", login),
                                                       ("sandi", password ?? WebFixture.passwords[login]!)], jar: jar)
        guard response.status == .seeOther else { throw SignInFailed(status: response.status.code) }
        return jar
    }

    /// The CSRF token a page's forms carry.
    func csrf(on uri: String, jar: CookieJar) async throws -> String {
        let page = String(buffer: try await get(uri, jar: jar).body)
        guard let range = page.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return "" }
        return String(page[range]).replacingOccurrences(of: #"name="_csrf" value=""#, with: "").replacingOccurrences(of: "\"", with: "")
    }
}

struct SignInFailed: Error {
    let status: Int
}
