/// One route a provider calls: a gateway kind declares it, the web module mounts it (this
/// module knows no HTTP server). The handler reads the request, hands reports and incoming
/// messages to the backend, and says what to answer.
public struct WebhookRoute: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST"
    }

    /// The label of its refusals in `pengingat_webhook_rejections_total{webhook}`.
    public let webhook: String
    public let method: Method
    /// Without the leading slash: `webhooks/kannel/dlr`.
    public let path: String
    /// The largest body it reads.
    public let bodyLimit: Int
    public let handle: @Sendable (WebhookRequest, any WebhookBackend) async throws -> WebhookResponse

    public init(webhook: String, _ method: Method, _ path: String, bodyLimit: Int = 65_536,
                handle: @escaping @Sendable (WebhookRequest, any WebhookBackend) async throws -> WebhookResponse) {
        self.webhook = webhook
        self.method = method
        self.path = path
        self.bodyLimit = bodyLimit
        self.handle = handle
    }
}
