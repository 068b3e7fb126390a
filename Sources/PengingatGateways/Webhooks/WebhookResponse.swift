/// What the web module answers a provider.
public struct WebhookResponse: Sendable, Equatable {
    public let status: Int
    public let text: String
    /// Why the call was refused (`secret`, `signature`, `malformed`…), counted by the web module.
    public let rejection: String?

    public init(status: Int, text: String, rejection: String? = nil) {
        self.status = status
        self.text = text
        self.rejection = rejection
    }

    public static func ok(_ text: String = "OK") -> Self { Self(status: 200, text: text) }
    public static func refused(_ reason: String, status: Int, _ text: String) -> Self {
        Self(status: status, text: text, rejection: reason)
    }
    /// A report for a message this outbox does not have.
    public static let unknownMessage = Self(status: 404, text: "unknown message")
    public static let repliesNotHandled = Self(status: 404, text: "replies are not handled here")
}
