import Foundation
import Hummingbird
import Logging
import NIOCore
import PengingatCore
import PengingatStore
import ServiceLifecycle

/// A small HTTP listener for gateways until the web service lands: Kannel's DLR callbacks and
/// incoming messages (its MO URL), WhatsApp's webhook (statuses and incoming messages, with its
/// verification handshake) and Twilio's status callbacks. Every callback must carry the
/// installation's secret (WhatsApp: its signature).
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

        public init(host: String = "127.0.0.1", port: Int = 8686, secret: String, whatsAppVerifyToken: String? = nil,
                    whatsAppAppSecret: String? = nil) {
            self.host = host
            self.port = port
            self.secret = secret
            self.whatsAppVerifyToken = whatsAppVerifyToken
            self.whatsAppAppSecret = whatsAppAppSecret
        }

        /// `host:port` as written in the configuration.
        public init(listen: String, secret: String, environment: [String: String]) {
            let parts = listen.split(separator: ":")
            self.init(host: parts.first.map(String.init) ?? "127.0.0.1", port: parts.count > 1 ? Int(parts[1]) ?? 8686 : 8686,
                      secret: secret, whatsAppVerifyToken: environment["PENGINGAT_WHATSAPP_VERIFY_TOKEN"],
                      whatsAppAppSecret: environment["PENGINGAT_WHATSAPP_APP_SECRET"])
        }
    }

    let store: any DispatchStore
    let configuration: Configuration
    /// Reads and answers incoming messages; without it they are refused (404).
    let replies: ReplyService?
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void

    public init(store: any DispatchStore, configuration: Configuration, replies: ReplyService? = nil, logger: Logger,
                onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
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
        let store = self.store
        let configuration = self.configuration
        let logger = self.logger
        let replies = self.replies

        router.get("dlr/kannel") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let secret = query["secret"], DeliveryReportParsing.constantTimeEquals(String(secret), configuration.secret),
                  !configuration.secret.isEmpty
            else { return Self.text(.forbidden, "secret") }
            guard let key = query["key"].map(String.init), let type = query["type"].flatMap({ Int($0) }) else {
                return Self.text(.badRequest, "key and type are required")
            }
            guard let state = DeliveryReportParsing.kannelState(type: type) else { return Self.text(.ok, "ignored") }
            let at = query["ts"].flatMap { TimeInterval($0) }.map { Date(timeIntervalSince1970: $0) } ?? Date()
            let outcome = try await store.applyReport(DeliveryReport(match: .key(key), state: state, at: at, detail: "kannel DLR \(type)"))
            logger.debug("delivery report", metadata: ["report.gateway": "kannel", "report.type": "\(type)", "report.outcome": "\(outcome)"])
            return outcome == .unknownMessage ? Self.text(.notFound, "unknown message") : Self.text(.ok, "OK")
        }

        // Kannel's sms-service get-url (README, "Replies"); its `max-messages = 0` keeps Kannel
        // from answering by itself: answers go through the outbox.
        router.get("mo/kannel") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let secret = query["secret"], DeliveryReportParsing.constantTimeEquals(String(secret), configuration.secret),
                  !configuration.secret.isEmpty
            else { return Self.text(.forbidden, "secret") }
            guard let replies else { return Self.text(.notFound, "replies are not handled here") }
            guard let message = InboundMessageParsing.kannel(query: request.uri.query ?? "") else {
                return Self.text(.badRequest, "from and text are required")
            }
            guard let phone = try? PhoneNumber(parsing: message.from) else {
                logger.notice("incoming message from an unusable number", metadata: ["reply.gateway": "kannel"])
                return Self.text(.ok, "")
            }
            _ = try await replies.receive(.init(
                gateway: "kannel", providerID: message.providerID, from: phone, text: message.text,
                receivedAt: message.at ?? Date(), channel: .sms))
            return Self.text(.ok, "")
        }

        router.get("webhooks/whatsapp") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard query["hub.mode"] == "subscribe", let token = configuration.whatsAppVerifyToken,
                  let given = query["hub.verify_token"], DeliveryReportParsing.constantTimeEquals(String(given), token),
                  let challenge = query["hub.challenge"]
            else { return Self.text(.forbidden, "verification failed") }
            return Self.text(.ok, String(challenge))
        }

        router.post("webhooks/whatsapp") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1_048_576)
            let body = Data(buffer: buffer)
            guard let secret = configuration.whatsAppAppSecret,
                  DeliveryReportParsing.verifyWhatsAppSignature(
                    body: body, header: request.headers[.init("X-Hub-Signature-256")!], appSecret: secret)
            else { return Self.text(.forbidden, "signature") }
            guard let statuses = DeliveryReportParsing.whatsAppStatuses(body),
                  let messages = InboundMessageParsing.whatsApp(body)
            else { return Self.text(.badRequest, "not a webhook body") }
            for status in statuses {
                _ = try await store.applyReport(DeliveryReport(
                    match: .providerID(status.providerID), state: status.state, at: status.at, detail: status.detail))
            }
            if let replies {
                for message in messages {
                    guard let phone = try? PhoneNumber(parsing: message.from.hasPrefix("+") ? message.from : "+" + message.from)
                    else { continue }
                    _ = try await replies.receive(.init(
                        gateway: "whatsapp", providerID: message.providerID, from: phone, text: message.text,
                        receivedAt: message.at ?? Date(), channel: .whatsapp))
                }
            } else if !messages.isEmpty {
                logger.notice("incoming WhatsApp messages ignored: replies are not handled here",
                              metadata: ["reply.count": "\(messages.count)"])
            }
            return Self.text(.ok, "OK")
        }

        router.post("callbacks/twilio") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let secret = query["secret"], DeliveryReportParsing.constantTimeEquals(String(secret), configuration.secret),
                  !configuration.secret.isEmpty
            else { return Self.text(.forbidden, "secret") }
            let buffer = try await request.body.collect(upTo: 65_536)
            let form = Self.formFields(String(buffer: buffer))
            guard let status = form["MessageStatus"], let state = DeliveryReportParsing.twilioState(status) else {
                return Self.text(.badRequest, "MessageStatus is required")
            }
            let match: DeliveryReport.Match = query["key"].map { .key(String($0)) } ?? .providerID(form["MessageSid"] ?? "")
            let outcome = try await store.applyReport(DeliveryReport(
                match: match, state: state, at: Date(), detail: "twilio \(status) \(form["ErrorCode"] ?? "")"))
            return outcome == .unknownMessage ? Self.text(.notFound, "unknown message") : Self.text(.ok, "OK")
        }
        return router
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}
