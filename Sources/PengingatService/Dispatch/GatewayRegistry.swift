import Foundation
import Logging
import PengingatCore
import PengingatGateways

/// The configured gateways, built once: each with its rate limiter and circuit breaker.
public struct GatewayRegistry: Sendable {
    struct Entry: Sendable {
        let gateway: any Gateway
        /// SMS gateways get typography-mapped text; WhatsApp and e-mail get it as written.
        let isSMS: Bool
        let limiter: RateLimiter
        let breaker: CircuitBreaker
    }

    let entries: [String: Entry]
    public let transport: CurlTransport?

    public var names: [String] { entries.keys.sorted() }

    /// Builds every gateway the configuration names. Secrets come from `environment` through
    /// the `*_env` keys; a missing one is a clear error before anything is sent.
    public static func build(
        _ configuration: PengingatConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws -> GatewayRegistry {
        let settings = configuration.dispatch
        let callbackSecret = environment[settings.callbackSecretEnv] ?? ""
        let needsTransport = configuration.gateways.values.contains { $0.type != "file" }
        let transport = needsTransport ? try CurlTransport(configuration: CurlTransportConfiguration(), logger: logger) : nil
        var entries: [String: Entry] = [:]
        for (name, gateway) in configuration.gateways {
            let key = "gateways.\(name)"
            func required(_ value: String?, _ field: String) throws(ConfigurationError) -> String {
                guard let value, !value.isEmpty else {
                    throw ConfigurationError(path: "\(key).\(field)", reason: .invalidValue("wajib diisi untuk jenis \(gateway.type)"))
                }
                return value
            }
            func secret(_ variable: String?, _ field: String) throws(ConfigurationError) -> String {
                let name = try required(variable, field)
                guard let value = environment[name], !value.isEmpty else {
                    throw ConfigurationError(path: "\(key).\(field)", reason: .invalidValue(
                        "variabel lingkungan \(name) belum diisi (rahasia tidak pernah ditulis di berkas konfigurasi)"))
                }
                return value
            }
            let callback = { (path: String) in settings.callbackPublicURL.map { $0 + path } }
            func client() throws(ConfigurationError) -> any HTTPTransport {
                guard let transport else { throw ConfigurationError(path: key, reason: .invalidValue("no transport")) }
                return transport
            }
            let built: any Gateway
            var isSMS = true
            switch gateway.type {
            case "file":
                built = FileGateway(name: name, path: gateway.path ?? "var/outbox.jsonl")
            case "kannel":
                built = KannelGateway(name: name, configuration: .init(
                    sendsmsURL: try required(gateway.url, "url"), username: try required(gateway.username, "username"),
                    password: try secret(gateway.passwordEnv, "password_env"), from: gateway.from,
                    reportURL: callback("/webhooks/kannel/dlr"), reportSecret: callbackSecret, smscID: gateway.smscID),
                    transport: try client())
            case "whatsapp":
                isSMS = false
                built = WhatsAppGateway(name: name, configuration: .init(
                    baseURL: gateway.url ?? "https://graph.facebook.com", apiVersion: gateway.apiVersion ?? "v20.0",
                    phoneNumberID: try required(gateway.phoneNumberID, "phone_number_id"),
                    accessToken: try secret(gateway.tokenEnv, "token_env")), transport: try client())
            case "twilio":
                built = TwilioGateway(name: name, configuration: .init(
                    baseURL: gateway.url ?? "https://api.twilio.com", accountSID: try required(gateway.accountSID, "account_sid"),
                    authToken: try secret(gateway.tokenEnv, "token_env"), from: gateway.from,
                    messagingServiceSID: gateway.messagingServiceSID, statusCallbackURL: callback("/webhooks/twilio"),
                    callbackSecret: callbackSecret), transport: try client())
            case "http":
                let status = gateway.successStatus ?? [200, 299]
                guard status.count == 2, status[0] <= status[1] else {
                    throw ConfigurationError(path: "\(key).success_status", reason: .invalidValue("tulis [dari, sampai], misalnya [200, 299]"))
                }
                guard let method = HTTPRequest.Method(rawValue: (gateway.method ?? "POST").uppercased()) else {
                    throw ConfigurationError(path: "\(key).method", reason: .invalidValue("GET, POST atau PUT"))
                }
                var auth: (user: String, password: String)?
                if let user = gateway.username { auth = (user, try secret(gateway.passwordEnv, "password_env")) }
                built = HTTPGateway(name: name, configuration: .init(
                    method: method, url: try required(gateway.url, "url"),
                    headers: (gateway.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                    body: gateway.body, successStatus: status[0]...status[1], successPattern: gateway.successPattern,
                    successField: gateway.successField, successValue: gateway.successValue,
                    messageIDField: gateway.messageIDField, basicAuth: auth), transport: try client())
            case "smtp":
                isSMS = false
                built = SMTPGateway(name: name, configuration: .init(
                    url: try required(gateway.url, "url"), from: try required(gateway.from, "from"), username: gateway.username,
                    password: gateway.passwordEnv == nil ? nil : try secret(gateway.passwordEnv, "password_env"),
                    startTLS: gateway.startTLS ?? true), transport: try client())
            default:
                throw ConfigurationError(path: "\(key).type", reason: .invalidValue(
                    "jenis \(gateway.type) tidak dikenal; pilihan: file, kannel, whatsapp, http, twilio, smtp"))
            }
            entries[name] = Entry(
                gateway: built, isSMS: isSMS, limiter: RateLimiter(ratePerSecond: gateway.ratePerSecond ?? 0),
                breaker: CircuitBreaker(threshold: settings.breakerFailures, coolDown: settings.breakerCoolDownSeconds))
        }
        for (channel, names) in settings.channels {
            for name in names where entries[name] == nil {
                throw ConfigurationError(path: "dispatch.channels.\(channel)", reason: .invalidValue("gateway \(name) tidak ada di gateways"))
            }
        }
        return GatewayRegistry(entries: entries, transport: transport)
    }

    /// For tests: gateways given directly.
    public init(gateways: [any Gateway], smsGateways: Set<String> = [], breakerFailures: Int = 5, breakerCoolDown: TimeInterval = 60,
                ratePerSecond: Double = 0) {
        self.entries = Dictionary(uniqueKeysWithValues: gateways.map { gateway in
            (gateway.name, Entry(gateway: gateway, isSMS: smsGateways.contains(gateway.name),
                                 limiter: RateLimiter(ratePerSecond: ratePerSecond),
                                 breaker: CircuitBreaker(threshold: breakerFailures, coolDown: breakerCoolDown)))
        })
        self.transport = nil
    }

    private init(entries: [String: Entry], transport: CurlTransport?) {
        self.entries = entries
        self.transport = transport
    }
}
