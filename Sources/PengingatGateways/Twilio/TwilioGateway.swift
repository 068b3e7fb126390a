import Foundation
import PengingatCore

/// Twilio's Messages API: a form POST with basic auth, and a status-callback URL carrying our
/// message id and the installation's secret.
public struct TwilioGateway: HTTPAdapter {
    public struct Configuration: Sendable {
        /// `https://api.twilio.com`
        public var baseURL: String
        public var accountSID: String
        public var authToken: String
        /// A Twilio number, or nil when `messagingServiceSID` is used.
        public var from: String?
        public var messagingServiceSID: String?
        /// e.g. `https://pengingat.example.id/callbacks/twilio`; nil for no callbacks.
        public var statusCallbackURL: String?
        public var callbackSecret: String

        public init(baseURL: String = "https://api.twilio.com", accountSID: String, authToken: String, from: String? = nil,
                    messagingServiceSID: String? = nil, statusCallbackURL: String? = nil, callbackSecret: String = "") {
            self.baseURL = baseURL
            self.accountSID = accountSID
            self.authToken = authToken
            self.from = from
            self.messagingServiceSID = messagingServiceSID
            self.statusCallbackURL = statusCallbackURL
            self.callbackSecret = callbackSecret
        }
    }

    public let name: String
    let configuration: Configuration
    let transport: any HTTPTransport

    public init(name: String = "twilio", configuration: Configuration, transport: any HTTPTransport) {
        self.name = name
        self.configuration = configuration
        self.transport = transport
    }

    func read(_ response: HTTPResponse) -> GatewayResult { Self.classify(response) }

    func request(for message: GatewayMessage) -> HTTPRequest {
        var form: [(String, String)] = [("To", message.phone.e164), ("Body", message.text)]
        if let service = configuration.messagingServiceSID {
            form.append(("MessagingServiceSid", service))
        } else if let from = configuration.from {
            form.append(("From", from))
        }
        if let callback = configuration.statusCallbackURL {
            form.append(("StatusCallback", callback + (callback.contains("?") ? "&" : "?") + URLQuery.encode([
                ("key", message.id), ("secret", configuration.callbackSecret),
            ])))
        }
        var request = HTTPRequest(
            method: .post, url: "\(configuration.baseURL)/2010-04-01/Accounts/\(configuration.accountSID)/Messages.json",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(URLQuery.encode(form).utf8))
        request.basicAuth = (configuration.accountSID, configuration.authToken)
        return request
    }

    /// Twilio error codes that no retry can mend (invalid or unreachable numbers, blocked).
    static let permanentCodes: Set<Int> = [21211, 21212, 21408, 21610, 21612, 21614, 21606, 20003]

    public static func classify(_ response: HTTPResponse) -> GatewayResult {
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        if (200..<300).contains(response.status) {
            return GatewayResult(outcome: .accepted(providerID: json?["sid"] as? String), httpStatus: response.status,
                                 latency: response.totalTime)
        }
        let code = json?["code"] as? Int
        let detail = "twilio \(code.map(String.init) ?? "-"): \((json?["message"] as? String) ?? "HTTP \(response.status)")"
        if let code, permanentCodes.contains(code) {
            return GatewayResult(outcome: .permanent, httpStatus: response.status, latency: response.totalTime, error: detail)
        }
        return .fromStatus(response, error: detail)
    }
}
