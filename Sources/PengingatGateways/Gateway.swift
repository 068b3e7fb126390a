import PengingatCore

/// A way out for messages: Kannel, WhatsApp Cloud API, an HTTP aggregator, Twilio, e-mail,
/// or the file outbox.
public protocol Gateway: Sendable {
    /// The name it has in the configuration (`kannel`, `wa-utama`).
    var name: String { get }
    /// Sends one message; never throws: every outcome is a `GatewayResult`.
    func send(_ message: GatewayMessage) async -> GatewayResult
}
