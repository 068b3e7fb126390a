import Foundation
import PengingatCore

/// E-mail through libcurl's SMTP, for facilitators' digests.
public struct SMTPGateway: Gateway {
    public struct Configuration: Sendable {
        /// `smtp://mail.example.id:587` or `smtps://…:465`
        public var url: String
        public var from: String
        public var username: String?
        public var password: String?
        /// Require STARTTLS on an `smtp://` URL.
        public var startTLS: Bool

        public init(url: String, from: String, username: String? = nil, password: String? = nil, startTLS: Bool = true) {
            self.url = url
            self.from = from
            self.username = username
            self.password = password
            self.startTLS = startTLS
        }
    }

    public let name: String
    let configuration: Configuration
    let transport: any HTTPTransport

    public init(name: String = "smtp", configuration: Configuration, transport: any HTTPTransport) {
        self.name = name
        self.configuration = configuration
        self.transport = transport
    }

    public func send(_ message: GatewayMessage) async -> GatewayResult {
        guard let email = message.email else {
            return GatewayResult(outcome: .notReachableHere, error: "smtp: no e-mail address for this message")
        }
        let started = Date()
        do {
            let response = try await transport.send(MailRequest(
                url: configuration.url, from: configuration.from, recipients: [email.address],
                message: Self.compose(from: configuration.from, to: email.address, subject: email.subject, body: message.text,
                                      id: message.id, date: started),
                username: configuration.username, password: configuration.password, useTLS: configuration.startTLS))
            let latency = Date().timeIntervalSince(started)
            switch response.code {
            case 200..<400: return GatewayResult(outcome: .accepted(providerID: nil), httpStatus: response.code, latency: latency)
            case 400..<500: return GatewayResult(outcome: .retryable(retryAfter: nil), httpStatus: response.code, latency: latency)
            default: return GatewayResult(outcome: .permanent, httpStatus: response.code, latency: latency, error: "smtp \(response.code)")
            }
        } catch {
            // curl reports a refused recipient or login as a failed transfer with the server's code.
            return .transportFailure(error, latency: Date().timeIntervalSince(started))
        }
    }

    /// A plain-text UTF-8 message (RFC 5322, MIME), with an encoded-word subject when it is not ASCII.
    static func compose(from: String, to: String, subject: String, body: String, id: String, date: Date) -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = subject.allSatisfy(\.isASCII) ? subject
            : "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let domain = from.split(separator: "@").last.map(String.init) ?? "pengingat.local"
        let messageID = "<" + Data(id.utf8).base64EncodedString().filter { $0.isLetter || $0.isNumber } + "@" + domain + ">"
        let lines = [
            "From: \(from)", "To: \(to)", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))",
            "Message-ID: \(messageID)", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "", body.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n"),
        ]
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
