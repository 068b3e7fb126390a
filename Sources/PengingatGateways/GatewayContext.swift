import Foundation

/// What building a gateway may use besides its settings: the environment (where secrets are),
/// where providers call us back, and the shared transport.
public struct GatewayContext: Sendable {
    public let environment: [String: String]
    /// The address providers call us back at (`dispatch.callback_public_url`); nil for no callbacks.
    public let callbackBaseURL: String?
    /// The secret our callback URLs carry (`PENGINGAT_CALLBACK_SECRET`).
    public let callbackSecret: String
    let sharedTransport: (any HTTPTransport)?
    /// The gateway's `timeout_seconds`: every request it sends is limited to it.
    let timeout: TimeInterval?

    public init(environment: [String: String], callbackBaseURL: String?, callbackSecret: String,
                transport: (any HTTPTransport)?, timeout: TimeInterval? = nil) {
        self.timeout = timeout
        self.environment = environment
        self.callbackBaseURL = callbackBaseURL
        self.callbackSecret = callbackSecret
        self.sharedTransport = transport
    }

    public func transport() throws(GatewaySettingsError) -> any HTTPTransport {
        guard let sharedTransport else { throw GatewaySettingsError(field: "type", message: "tidak ada transport HTTP") }
        return timeout.map { TimeLimitedTransport(base: sharedTransport, timeout: $0) } ?? sharedTransport
    }

    /// The value of the environment variable a `*_env` setting names.
    public func secret(named variable: String, field: String) throws(GatewaySettingsError) -> String {
        guard let value = environment[variable], !value.isEmpty else {
            throw GatewaySettingsError(field: field, message:
                "variabel lingkungan \(variable) belum diisi (rahasia tidak pernah ditulis di berkas konfigurasi)")
        }
        return value
    }

    /// The full callback URL of a webhook path (`/webhooks/kannel/dlr`), when callbacks are set up.
    public func callbackURL(_ path: String) -> String? {
        callbackBaseURL.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + path }
    }
}

/// A transport whose requests each end after `timeout` seconds, unless they name their own limit.
struct TimeLimitedTransport: HTTPTransport {
    let base: any HTTPTransport
    let timeout: TimeInterval

    func send(_ request: HTTPRequest) async throws(CurlError) -> HTTPResponse {
        var request = request
        request.timeout = request.timeout ?? timeout
        return try await base.send(request)
    }

    func send(_ mail: MailRequest) async throws(CurlError) -> MailResponse {
        var mail = mail
        mail.timeout = mail.timeout ?? timeout
        return try await base.send(mail)
    }
}
