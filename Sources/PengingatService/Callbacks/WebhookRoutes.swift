import Crypto
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import PengingatCore
import PengingatStore

/// The gateways' webhooks, each authenticated, for any Hummingbird router: Kannel's delivery
/// reports and incoming messages (the installation's secret in the URL), WhatsApp's webhook (the
/// verification handshake, then `X-Hub-Signature-256` on every POST) and Twilio's status
/// callbacks (`X-Twilio-Signature`). Served by `pengingat serve` under `/webhooks/…` and, for
/// `pengingat kirim` alone, by `CallbackServer`, which also keeps the paths of earlier versions.
///
/// Every refusal is counted in `pengingat_webhook_rejections_total{webhook,reason}`; logs never
/// carry the numbers or texts a webhook brings.
public struct WebhookRoutes: Sendable {
    public struct Configuration: Sendable {
        /// The secret our Kannel callback URLs carry (`PENGINGAT_CALLBACK_SECRET`).
        public var secret: String
        /// WhatsApp: the token for the webhook handshake, and the app secret for signatures.
        public var whatsAppVerifyToken: String?
        public var whatsAppAppSecret: String?
        /// Twilio: the account's auth token, which signs its callbacks.
        public var twilioAuthToken: String?
        /// The address Twilio was given for us (scheme, host and port as Twilio sees them): the
        /// signature covers the full URL, which behind a proxy differs from the one we receive.
        public var publicURL: String?

        public init(secret: String, whatsAppVerifyToken: String? = nil, whatsAppAppSecret: String? = nil,
                    twilioAuthToken: String? = nil, publicURL: String? = nil) {
            self.secret = secret
            self.whatsAppVerifyToken = whatsAppVerifyToken
            self.whatsAppAppSecret = whatsAppAppSecret
            self.twilioAuthToken = twilioAuthToken
            self.publicURL = publicURL
        }

        /// From the configuration and the environment (where every secret lives).
        public init(_ settings: PengingatConfiguration, environment: [String: String], publicURL: String?) {
            let twilio = settings.gateways.values.first { $0.type == "twilio" }
            self.init(
                secret: environment[settings.dispatch.callbackSecretEnv] ?? "",
                whatsAppVerifyToken: environment["PENGINGAT_WHATSAPP_VERIFY_TOKEN"],
                whatsAppAppSecret: environment["PENGINGAT_WHATSAPP_APP_SECRET"],
                twilioAuthToken: twilio?.tokenEnv.flatMap { environment[$0] }, publicURL: publicURL)
        }
    }

    let store: any DispatchStore
    let configuration: Configuration
    /// Reads and answers incoming messages; without it they are refused (404).
    let replies: ReplyService?
    let logger: Logger

    /// The clock every time this writes comes from when the gateway gives none.
    let now: @Sendable () -> Date

    public init(store: any DispatchStore, configuration: Configuration, replies: ReplyService?, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.now = now
        self.store = store
        self.configuration = configuration
        self.replies = replies
        self.logger = logger
    }

    /// The routes this version documents, under `/webhooks`, and a refusal for every other path there.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("webhooks/kannel/dlr") { request, _ in try await kannelReport(request) }
        router.get("webhooks/kannel/mo") { request, _ in try await kannelIncoming(request) }
        router.get("webhooks/whatsapp") { request, _ in whatsAppVerification(request) }
        router.post("webhooks/whatsapp") { request, _ in try await whatsAppNotification(request) }
        router.post("webhooks/twilio") { request, _ in try await twilioStatus(request, checkSignature: true) }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("webhooks/**", method: method) { _, _ in
                Self.rejected("unknown", reason: "no_such_webhook", .notFound, "no such webhook")
            }
        }
    }

    /// The paths `pengingat kirim`'s listener answered before `/webhooks` (Kannel configurations
    /// and Twilio messages already sent name them).
    public func addEarlierPaths<Context: RequestContext>(to router: Router<Context>) {
        router.get("dlr/kannel") { request, _ in try await kannelReport(request) }
        router.get("mo/kannel") { request, _ in try await kannelIncoming(request) }
        router.post("callbacks/twilio") { request, _ in try await twilioStatus(request, checkSignature: false) }
    }

    // MARK: - Kannel

    func kannelReport(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard hasSecret(request) else { return Self.rejected("kannel_dlr", reason: "secret", .forbidden, "secret") }
        guard let key = query["key"].map(String.init), let type = query["type"].flatMap({ Int($0) }) else {
            return Self.rejected("kannel_dlr", reason: "malformed", .badRequest, "key and type are required")
        }
        guard let state = DeliveryReportParsing.kannelState(type: type) else { return Self.text(.ok, "ignored") }
        let at = query["ts"].flatMap { DeliveryReportParsing.unixTime($0) } ?? now()
        let outcome = try await store.applyReport(DeliveryReport(match: .key(key), state: state, at: at, detail: "kannel DLR \(type)"))
        Self.countReport(gateway: "kannel", state: state)
        logger.debug("delivery report", metadata: ["report.gateway": "kannel", "report.type": "\(type)", "report.outcome": "\(outcome)"])
        return outcome == .unknownMessage ? Self.text(.notFound, "unknown message") : Self.text(.ok, "OK")
    }

    // Kannel's sms-service get-url (README, "Replies"); its `max-messages = 0` keeps Kannel
    // from answering by itself: answers go through the outbox.
    func kannelIncoming(_ request: Request) async throws -> Response {
        guard hasSecret(request) else { return Self.rejected("kannel_mo", reason: "secret", .forbidden, "secret") }
        guard let replies else { return Self.text(.notFound, "replies are not handled here") }
        guard let message = InboundMessageParsing.kannel(query: request.uri.query ?? "") else {
            return Self.rejected("kannel_mo", reason: "malformed", .badRequest, "from and text are required")
        }
        guard let phone = try? PhoneNumber(parsing: message.from) else {
            logger.notice("incoming message from an unusable number", metadata: ["reply.gateway": "kannel"])
            return Self.text(.ok, "")
        }
        _ = try await replies.receive(.init(
            gateway: "kannel", providerID: message.providerID, from: phone, text: message.text,
            receivedAt: message.at ?? now(), channel: .sms))
        return Self.text(.ok, "")
    }

    private func hasSecret(_ request: Request) -> Bool {
        guard !configuration.secret.isEmpty, let given = request.uri.queryParameters["secret"] else { return false }
        return DeliveryReportParsing.constantTimeEquals(String(given), configuration.secret)
    }

    // MARK: - WhatsApp

    func whatsAppVerification(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        guard query["hub.mode"] == "subscribe", let token = configuration.whatsAppVerifyToken,
              let given = query["hub.verify_token"], DeliveryReportParsing.constantTimeEquals(String(given), token),
              let challenge = query["hub.challenge"]
        else { return Self.rejected("whatsapp", reason: "verify_token", .forbidden, "verification failed") }
        return Self.text(.ok, String(challenge))
    }

    func whatsAppNotification(_ request: Request) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1_048_576)
        let body = Data(buffer: buffer)
        guard let secret = configuration.whatsAppAppSecret,
              DeliveryReportParsing.verifyWhatsAppSignature(
                body: body, header: request.headers[.init("X-Hub-Signature-256")!], appSecret: secret)
        else { return Self.rejected("whatsapp", reason: "signature", .forbidden, "signature") }
        guard let statuses = DeliveryReportParsing.whatsAppStatuses(body, receivedAt: now()),
              let messages = InboundMessageParsing.whatsApp(body)
        else { return Self.rejected("whatsapp", reason: "malformed", .badRequest, "not a webhook body") }
        for status in statuses {
            _ = try await store.applyReport(DeliveryReport(
                match: .providerID(status.providerID), state: status.state, at: status.at, detail: status.detail))
            Self.countReport(gateway: "whatsapp", state: status.state)
        }
        if let replies {
            for message in messages {
                guard let phone = try? PhoneNumber(parsing: message.from.hasPrefix("+") ? message.from : "+" + message.from)
                else { continue }
                _ = try await replies.receive(.init(
                    gateway: "whatsapp", providerID: message.providerID, from: phone, text: message.text,
                    receivedAt: message.at ?? now(), channel: .whatsapp))
            }
        } else if !messages.isEmpty {
            logger.notice("incoming WhatsApp messages ignored: replies are not handled here",
                          metadata: ["reply.count": "\(messages.count)"])
        }
        return Self.text(.ok, "OK")
    }

    // MARK: - Twilio

    func twilioStatus(_ request: Request, checkSignature: Bool) async throws -> Response {
        let query = request.uri.queryParameters
        let buffer = try await request.body.collect(upTo: 65_536)
        let body = String(buffer: buffer)
        let form = Self.formFields(body)
        if checkSignature {
            guard let token = configuration.twilioAuthToken, !token.isEmpty,
                  let signature = request.headers[.init("X-Twilio-Signature")!],
                  DeliveryReportParsing.constantTimeEquals(
                    signature, Self.twilioSignature(url: signedURL(request), form: Self.formPairs(body), authToken: token))
            else { return Self.rejected("twilio", reason: "signature", .forbidden, "signature") }
        } else {
            guard hasSecret(request) else { return Self.rejected("twilio", reason: "secret", .forbidden, "secret") }
        }
        guard let status = form["MessageStatus"], let state = DeliveryReportParsing.twilioState(status) else {
            return Self.rejected("twilio", reason: "malformed", .badRequest, "MessageStatus is required")
        }
        let match: DeliveryReport.Match = query["key"].map { .key(String($0)) } ?? .providerID(form["MessageSid"] ?? "")
        let outcome = try await store.applyReport(DeliveryReport(
            match: match, state: state, at: now(), detail: "twilio \(status) \(form["ErrorCode"] ?? "")"))
        Self.countReport(gateway: "twilio", state: state)
        return outcome == .unknownMessage ? Self.text(.notFound, "unknown message") : Self.text(.ok, "OK")
    }

    /// The URL as Twilio called it: the configured public address, or what the request says.
    private func signedURL(_ request: Request) -> String {
        let base = configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://\(request.head.authority ?? "localhost")"
        return base + request.uri.description
    }

    /// Twilio's scheme: HMAC-SHA1 with the auth token over the full URL followed by every POST
    /// parameter, sorted by name, as name and value run together; base64.
    public static func twilioSignature(url: String, form: [(String, String)], authToken: String) -> String {
        let payload = url + form.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { $0.0 + $0.1 }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    // MARK: - Helpers

    static func rejected(_ webhook: String, reason: String, _ status: HTTPResponse.Status, _ text: String) -> Response {
        Counter(label: "pengingat_webhook_rejections_total", dimensions: [("webhook", webhook), ("reason", reason)]).increment()
        return Self.text(status, text)
    }

    static func countReport(gateway: String, state: OutboxState) {
        Counter(label: "pengingat_delivery_reports_total", dimensions: [("gateway", gateway), ("state", state.rawValue)]).increment()
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An `application/x-www-form-urlencoded` body as name–value pairs, repeated names kept;
    /// a name without `=` has an empty value. The web pages' forms are read with this too.
    public static func formPairs(_ body: String) -> [(String, String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return parts.count == 2 ? (parts[0], parts[1]) : (parts.count == 1 ? (parts[0], "") : nil)
        }
    }

    static func formFields(_ body: String) -> [String: String] {
        Dictionary(formPairs(body), uniquingKeysWith: { first, _ in first })
    }
}
