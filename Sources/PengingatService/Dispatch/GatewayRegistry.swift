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

    /// Builds every gateway the configuration names, each by its own kind. Secrets come from
    /// `environment` through the `*_env` keys; a missing one is a clear error before anything is sent.
    public static func build(
        _ configuration: PengingatConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws -> GatewayRegistry {
        let settings = configuration.dispatch
        let needsTransport = configuration.gateways.values.contains { $0.kind.needsTransport }
        let caPaths = Set(configuration.gateways.values.compactMap(\.caPath))
        guard caPaths.count <= 1 else {
            throw ConfigurationError(path: "gateways", reason: .invalidValue(
                "ca_path berbeda-beda (\(caPaths.sorted().joined(separator: ", "))); semua gateway memakai satu koneksi: tulis ca_path yang sama"))
        }
        let transport = needsTransport
            ? try CurlTransport(
                configuration: CurlTransportConfiguration(dispatchConcurrency: settings.concurrency, caPath: caPaths.first), logger: logger)
            : nil
        var entries: [String: Entry] = [:]
        for (name, gateway) in configuration.gateways {
            let context = GatewayContext(
                environment: environment, callbackBaseURL: settings.callbackPublicURL,
                callbackSecret: environment[settings.callbackSecretEnv] ?? "", transport: transport, timeout: gateway.timeoutSeconds)
            let built: any Gateway
            do {
                built = try AnyGatewayKind.make(gateway.kind, name: name, settings: gateway.settings, context: context)
            } catch {
                throw ConfigurationError(path: "gateways.\(name).\(error.field)", reason: .invalidValue(error.message))
            }
            entries[name] = Entry(
                gateway: built, isSMS: gateway.kind.carriesSMS, limiter: RateLimiter(ratePerSecond: gateway.ratePerSecond),
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
