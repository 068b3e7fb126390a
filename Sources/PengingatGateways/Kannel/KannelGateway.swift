import Foundation
import PengingatCore

/// Kannel's HTTP sendsms interface (reference/kannel.md): one GET per message. Kannel returns
/// no message id, so our own id travels in the delivery-report URL, with the installation's
/// secret so nobody else can forge a report.
public struct KannelGateway: HTTPAdapter {
    public struct Configuration: Sendable {
        /// `http://host:port/cgi-bin/sendsms`
        public var sendsmsURL: String
        public var username: String
        public var password: String
        /// Sender shown on the phone; nil to use Kannel's default sender.
        public var from: String?
        /// Where Kannel calls back with delivery reports, e.g. `http://127.0.0.1:8686/dlr/kannel`; nil for none.
        public var reportURL: String?
        public var reportSecret: String
        /// Kannel `smsc-id` to route through, if the installation has several.
        public var smscID: String?

        public init(sendsmsURL: String, username: String, password: String, from: String? = nil, reportURL: String? = nil,
                    reportSecret: String = "", smscID: String? = nil) {
            self.sendsmsURL = sendsmsURL
            self.username = username
            self.password = password
            self.from = from
            self.reportURL = reportURL
            self.reportSecret = reportSecret
            self.smscID = smscID
        }
    }

    public let name: String
    let configuration: Configuration
    let transport: any HTTPTransport

    public init(name: String = "kannel", configuration: Configuration, transport: any HTTPTransport) {
        self.name = name
        self.configuration = configuration
        self.transport = transport
    }

    func read(_ response: HTTPResponse) -> GatewayResult { Self.classify(response) }

    func request(for message: GatewayMessage) -> HTTPRequest { HTTPRequest(method: .get, url: url(for: message)) }

    /// The sendsms URL for one message: GSM text as coding 0, anything else as UCS-2 with UTF-8 bytes.
    func url(for message: GatewayMessage) -> String {
        var query: [(String, String)] = [
            ("username", configuration.username), ("password", configuration.password),
            ("to", message.phone.e164), ("text", message.text),
        ]
        if let from = configuration.from { query.append(("from", from)) }
        // The planner's own measure (by scalar for text in the alphabet): a set lookup per
        // character here was about 3% of the dispatcher's CPU in a drain through Kannel.
        if SMSSize(measuring: message.text).encoding != .gsm7 {
            query.append(("coding", "2"))
            query.append(("charset", "UTF-8"))
        } else {
            query.append(("coding", "0"))
        }
        if let smsc = configuration.smscID { query.append(("smsc", smsc)) }
        if let base = configuration.reportURL {
            // Kannel replaces %d (type), %T (time), %A (SMSC's answer) in this URL when it calls back.
            let callback = base + (base.contains("?") ? "&" : "?")
                + "key=" + URLQuery.encode(message.id) + "&secret=" + URLQuery.encode(configuration.reportSecret)
                + "&type=%d&ts=%T"
            query.append(("dlr-mask", "31"))
            query.append(("dlr-url", callback))
        }
        return configuration.sendsmsURL + "?" + URLQuery.encode(query)
    }

    /// 202 `0: Accepted` / `3: Queued`; 503 is Kannel's queue over its limit (retry);
    /// 400 (bad to/from/coding) and 403 (auth, not routable) will not get better.
    public static func classify(_ response: HTTPResponse) -> GatewayResult {
        let body = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch response.status {
        case 200..<300:
            return GatewayResult(outcome: .accepted(providerID: nil), httpStatus: response.status, latency: response.totalTime)
        case 503, 500, 502, 504:
            return GatewayResult(outcome: .retryable(retryAfter: nil), httpStatus: response.status, latency: response.totalTime,
                                 error: "kannel: \(body)")
        default:
            return GatewayResult(outcome: .permanent, httpStatus: response.status, latency: response.totalTime,
                                 error: "kannel: \(body)")
        }
    }
}
