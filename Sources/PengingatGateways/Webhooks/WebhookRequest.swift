import Foundation
import PengingatCore

/// A provider's call as the web module received it.
public struct WebhookRequest: Sendable {
    /// The query string without `?`, still percent-encoded (Kannel's `%b` is raw bytes).
    public let query: String
    /// Header names in lower case.
    public let headers: [String: String]
    public let body: Data
    /// The path and query as called (`/webhooks/twilio?key=…`).
    public let target: String
    /// The `Host` the caller used, when it sent one.
    public let authority: String?

    public init(query: String, headers: [String: String], body: Data = Data(), target: String, authority: String? = nil) {
        self.query = query
        self.headers = headers
        self.body = body
        self.target = target
        self.authority = authority
    }

    /// The query's values by name, decoded (the first of a repeated name).
    public var queryItems: [String: String] {
        var items: [String: String] = [:]
        for (name, value) in FormEncoding.pairs(query) where items[name] == nil { items[name] = value }
        return items
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
