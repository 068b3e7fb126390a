import Foundation

/// One HTTP request for `CurlTransport`.
///
/// Its `description` shows only the method and host: URLs of SMS gateways carry passwords
/// and phone numbers in their query strings.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public enum Method: String, Sendable, Equatable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case delete = "DELETE"
    }

    public var method: Method
    public var url: String
    /// Sent in this order. curl adds `Host`, `User-Agent` (the configuration's) and
    /// `Accept: */*`; a header given here with the same name replaces curl's, and one with
    /// an empty value (`"Accept"`, `""`) removes it. With a body, set `Content-Type`
    /// (curl's default for POST is `application/x-www-form-urlencoded`).
    public var headers: [(name: String, value: String)]
    /// Sent with POST and PUT (and DELETE when given); a GET sends no body.
    public var body: Data?
    /// HTTP basic authentication.
    public var basicAuth: (user: String, password: String)?
    /// The whole transfer's limit for this request, in seconds, instead of the
    /// configuration's `totalTimeout`.
    public var timeout: TimeInterval?

    public init(
        method: Method = .get, url: String, headers: [(name: String, value: String)] = [],
        body: Data? = nil, basicAuth: (user: String, password: String)? = nil, timeout: TimeInterval? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.timeout = timeout
    }

    /// The host of `url`, the only part of it that may be logged.
    public var host: String { Self.loggableHost(of: url) }

    public var description: String { "\(method.rawValue) \(host)" }

    static func loggableHost(of url: String) -> String {
        URLComponents(string: url)?.host ?? "?"
    }
}
