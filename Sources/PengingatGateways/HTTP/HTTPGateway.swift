import Foundation
import PengingatCore

/// Any HTTP SMS aggregator, connected by configuration alone: URL, method, headers and body
/// are templates, and a success rule says what a good answer looks like.
///
/// Placeholders: `{{to}}` (+62…), `{{to_local}}` (08…), `{{to_digits}}` (62…), `{{text}}`,
/// `{{id}}` (our message key, usable as an idempotency key). A filter after a bar encodes the
/// value for where it stands: `{{text|url}}` for a query string or form body, `{{text|json}}`
/// inside a JSON string.
public struct HTTPGateway: HTTPAdapter {
    public struct Configuration: Sendable {
        public var method: HTTPRequest.Method
        public var url: String
        public var headers: [(String, String)]
        public var body: String?
        /// Statuses that mean the provider took the message.
        public var successStatus: ClosedRange<Int>
        /// When set, the answer must also match this regular expression.
        public var successPattern: String?
        /// When set, the JSON answer must have this field (dotted path) equal to `successValue`.
        public var successField: String?
        public var successValue: String?
        /// Where the provider's message id is in the JSON answer (dotted path), if anywhere.
        public var messageIDField: String?
        public var basicAuth: (user: String, password: String)?

        public init(
            method: HTTPRequest.Method = .post, url: String, headers: [(String, String)] = [], body: String? = nil,
            successStatus: ClosedRange<Int> = 200...299, successPattern: String? = nil, successField: String? = nil,
            successValue: String? = nil, messageIDField: String? = nil, basicAuth: (user: String, password: String)? = nil
        ) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.successStatus = successStatus
            self.successPattern = successPattern
            self.successField = successField
            self.successValue = successValue
            self.messageIDField = messageIDField
            self.basicAuth = basicAuth
        }
    }

    public let name: String
    let configuration: Configuration
    let transport: any HTTPTransport
    /// The URL, header values and body, parsed once: filled for every message.
    private let url: GatewayTemplate
    private let headerValues: [(String, GatewayTemplate)]
    private let body: GatewayTemplate?

    public init(name: String = "http", configuration: Configuration, transport: any HTTPTransport) {
        self.name = name
        self.configuration = configuration
        self.transport = transport
        self.url = GatewayTemplate(configuration.url)
        self.headerValues = configuration.headers.map { ($0.0, GatewayTemplate($0.1)) }
        self.body = configuration.body.map(GatewayTemplate.init)
    }

    func read(_ response: HTTPResponse) -> GatewayResult { classify(response) }

    func request(for message: GatewayMessage) -> HTTPRequest {
        var request = HTTPRequest(
            method: configuration.method, url: url.filled(with: message),
            headers: headerValues.map { ($0.0, $0.1.filled(with: message)) },
            body: body.map { Data($0.filled(with: message).utf8) })
        if let auth = configuration.basicAuth { request.basicAuth = auth }
        return request
    }

    func classify(_ response: HTTPResponse) -> GatewayResult {
        // The answer is read only as far as the configuration asks: most aggregators are judged
        // by status alone, and parsing every answer as JSON took a twentieth of the send tasks' CPU.
        var text: String { String(decoding: response.body, as: UTF8.self) }
        guard configuration.successStatus.contains(response.status) else {
            return .fromStatus(response, error: "http \(response.status): \(text.prefix(200))")
        }
        if let pattern = configuration.successPattern, text.range(of: pattern, options: .regularExpression) == nil {
            return GatewayResult(outcome: .permanent, httpStatus: response.status, latency: response.totalTime,
                                 error: "answer does not match \(pattern): \(text.prefix(200))")
        }
        guard configuration.successField != nil || configuration.messageIDField != nil else {
            return GatewayResult(outcome: .accepted(providerID: nil), httpStatus: response.status, latency: response.totalTime)
        }
        let json = try? JSONSerialization.jsonObject(with: response.body)
        if let field = configuration.successField {
            let value = Self.value(at: field, in: json).map { "\($0)" }
            guard value == configuration.successValue else {
                return GatewayResult(outcome: .permanent, httpStatus: response.status, latency: response.totalTime,
                                     error: "\(field) is \(value ?? "missing"), not \(configuration.successValue ?? "")")
            }
        }
        let id = configuration.messageIDField.flatMap { Self.value(at: $0, in: json) }.map { "\($0)" }
        return GatewayResult(outcome: .accepted(providerID: id), httpStatus: response.status, latency: response.totalTime)
    }

    /// A dotted path into JSON: `data.0.message_id`.
    static func value(at path: String, in json: Any?) -> Any? {
        var current = json
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current as? [Any] {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(part)]
            }
        }
        return current
    }
}
