import Foundation
import PengingatCore

/// WhatsApp Business Cloud API: `POST {base}/{version}/{phone-number-id}/messages` with a
/// bearer token. Outside the 24-hour window only approved templates are delivered, so a
/// message that names one is sent as that template; others go as text.
public struct WhatsAppGateway: HTTPAdapter {
    public struct Configuration: Sendable {
        /// `https://graph.facebook.com`
        public var baseURL: String
        /// `v20.0`
        public var apiVersion: String
        public var phoneNumberID: String
        public var accessToken: String

        public init(baseURL: String = "https://graph.facebook.com", apiVersion: String = "v20.0", phoneNumberID: String,
                    accessToken: String) {
            self.baseURL = baseURL
            self.apiVersion = apiVersion
            self.phoneNumberID = phoneNumberID
            self.accessToken = accessToken
        }
    }

    public let name: String
    let configuration: Configuration
    let transport: any HTTPTransport

    public init(name: String = "whatsapp", configuration: Configuration, transport: any HTTPTransport) {
        self.name = name
        self.configuration = configuration
        self.transport = transport
    }

    func read(_ response: HTTPResponse) -> GatewayResult { Self.classify(response) }

    func request(for message: GatewayMessage) throws -> HTTPRequest {
        var body: [String: Any] = [
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": String(message.phone.e164.dropFirst()),
        ]
        if let template = message.whatsAppTemplate {
            body["type"] = "template"
            body["template"] = [
                "name": template.name,
                "language": ["code": template.language],
                "components": [[
                    "type": "body",
                    "parameters": template.parameters.map { ["type": "text", "text": $0] },
                ]],
            ]
        } else {
            body["type"] = "text"
            body["text"] = ["preview_url": false, "body": message.text]
        }
        return HTTPRequest(
            method: .post,
            url: "\(configuration.baseURL)/\(configuration.apiVersion)/\(configuration.phoneNumberID)/messages",
            headers: [("Authorization", "Bearer \(configuration.accessToken)"), ("Content-Type", "application/json")],
            body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }

    /// Error codes from the Cloud API's documentation, sorted by what helps.
    static let notOnWhatsApp: Set<Int> = [
        131026,  // message undeliverable: not a WhatsApp number, or cannot receive
        131047,  // re-engagement: more than 24 hours since the user last wrote, and no template
    ]
    static let retryableCodes: Set<Int> = [
        4, 80007, 130429, 131048, 131056,  // rate limits
        131000, 131016, 1, 2,  // something went wrong, service unavailable
        133004,  // server temporarily unavailable
    ]

    public static func classify(_ response: HTTPResponse) -> GatewayResult {
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        if (200..<300).contains(response.status) {
            let id = ((json?["messages"] as? [[String: Any]])?.first?["id"]) as? String
            return GatewayResult(outcome: .accepted(providerID: id), httpStatus: response.status, latency: response.totalTime)
        }
        let error = json?["error"] as? [String: Any]
        let code = error?["code"] as? Int
        let detail = "whatsapp \(code.map(String.init) ?? "-"): \((error?["message"] as? String) ?? "HTTP \(response.status)")"
        if let code, notOnWhatsApp.contains(code) {
            return GatewayResult(outcome: .notReachableHere, httpStatus: response.status, latency: response.totalTime, error: detail)
        }
        if let code, retryableCodes.contains(code) {
            let retryAfter = response.header("retry-after").flatMap(TimeInterval.init)
            return GatewayResult(outcome: .retryable(retryAfter: retryAfter), httpStatus: response.status,
                                 latency: response.totalTime, error: detail)
        }
        if code == nil { return .fromStatus(response, error: detail) }
        return GatewayResult(outcome: .permanent, httpStatus: response.status, latency: response.totalTime, error: detail)
    }
}
