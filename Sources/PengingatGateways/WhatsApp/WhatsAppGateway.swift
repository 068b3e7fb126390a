import Foundation
import PengingatCore
import PengingatOutbox

/// WhatsApp Business Cloud API: `POST {base}/{version}/{phone-number-id}/messages` with a
/// bearer token. Inside a number's 24-hour window a message goes as text; outside it only as
/// approved templates, one request per item, or not at all (the next gateway carries it).
public struct WhatsAppGateway: Gateway {
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

    /// Incoming WhatsApp messages are recorded under this label; the dispatcher hands over the last one's time.
    public var inboundLabel: String? { Self.type }

    public func send(_ message: GatewayMessage) async -> GatewayResult {
        switch WhatsAppServiceWindow.delivery(lastInbound: message.lastInbound, at: message.at, templates: message.whatsAppTemplates) {
        case .text:
            return await post(body(for: message, content: .text(message.text)))
        case .notByWhatsApp:
            return GatewayResult(outcome: .notReachableHere, error: "whatsapp: outside the 24-hour window and no approved template")
        case .templates(let calls):
            // One template per item, in order. A failure part-way is the message's outcome: a
            // retry sends the earlier items again, as courier does, rather than lose the later ones.
            var first: GatewayResult?
            for (index, call) in calls.enumerated() {
                let result = await post(body(for: message, content: .template(call)))
                guard case .accepted = result.outcome else {
                    guard index > 0 else { return result }
                    return GatewayResult(outcome: result.outcome, httpStatus: result.httpStatus, latency: result.latency,
                                         error: "\(result.error ?? "whatsapp") (after \(index) of \(calls.count) templates)")
                }
                if first == nil { first = result }
            }
            return first ?? GatewayResult(outcome: .permanent, error: "whatsapp: no template")
        }
    }

    enum Content {
        case text(String)
        case template(WhatsAppTemplateCall)
    }

    /// The JSON body of one request; nil when it cannot be encoded.
    func body(for message: GatewayMessage, content: Content) -> Data? {
        var body: [String: Any] = [
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": String(message.phone.e164.dropFirst()),
        ]
        switch content {
        case .template(let template):
            body["type"] = "template"
            body["template"] = [
                "name": template.name,
                "language": ["code": template.language],
                "components": [[
                    "type": "body",
                    "parameters": template.parameters.map { ["type": "text", "text": $0] },
                ]],
            ]
        case .text(let text):
            body["type"] = "text"
            body["text"] = ["preview_url": false, "body": text]
        }
        return try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }

    private func post(_ body: Data?) async -> GatewayResult {
        let started = Date()
        guard let data = body else {
            return GatewayResult(outcome: .permanent, error: "\(name): the message cannot be encoded")
        }
        let request = HTTPRequest(
            method: .post,
            url: "\(configuration.baseURL)/\(configuration.apiVersion)/\(configuration.phoneNumberID)/messages",
            headers: [("Authorization", "Bearer \(configuration.accessToken)"), ("Content-Type", "application/json")],
            body: data)
        do {
            return Self.classify(try await transport.send(request))
        } catch {
            return .transportFailure(error, latency: Date().timeIntervalSince(started))
        }
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
