import PengingatCore

/// A way out for messages: Kannel, WhatsApp Cloud API, an HTTP aggregator, Twilio, e-mail,
/// or the file outbox. Each kind lives in its own folder with its settings, its delivery-report
/// and inbound parsing and its webhooks (`GatewayKind`), listed once in `GatewayKinds`.
public protocol Gateway: Sendable {
    /// The name it has in the configuration (`kannel`, `wa-utama`).
    var name: String { get }
    /// For a provider that lets a business write freely only for a while after the person last
    /// wrote (WhatsApp's 24-hour customer-service window): the label the person's incoming
    /// messages are recorded under, so the dispatcher can hand over when they last wrote.
    var inboundLabel: String? { get }
    /// Sends one message; never throws: every outcome is a `GatewayResult`.
    func send(_ message: GatewayMessage) async -> GatewayResult
}

extension Gateway {
    public var inboundLabel: String? { nil }
}
