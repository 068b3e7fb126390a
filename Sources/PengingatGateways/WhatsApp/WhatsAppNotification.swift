import Crypto
import Foundation
import PengingatCore
import PengingatOutbox

/// What one call of WhatsApp's webhook carries: statuses of messages we sent, and messages
/// people sent us (`entry[].changes[].value.statuses[]` and `.messages[]`).
public struct WhatsAppNotification: Sendable {
    public struct Status: Sendable, Equatable {
        public let providerID: String
        public let state: OutboxState
        public let at: Date
        public let detail: String
    }

    public struct Message: Sendable, Equatable {
        public let providerID: String?
        /// Digits without `+`, as WhatsApp writes them.
        public let from: String
        public let text: String
        public let at: Date?
    }

    public let statuses: [Status]
    public let messages: [Message]

    /// Nil when the body is not the webhook's JSON at all.
    public init?(_ body: Data, receivedAt: Date) {
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let entries = json["entry"] as? [[String: Any]]
        else { return nil }
        let values = entries.flatMap { entry in
            (entry["changes"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? [String: Any] }
        }
        statuses = values.flatMap { ($0["statuses"] as? [[String: Any]] ?? []).compactMap { Self.status($0, receivedAt: receivedAt) } }
        messages = values.flatMap { ($0["messages"] as? [[String: Any]] ?? []).compactMap(Self.message) }
    }

    /// WhatsApp's message status in our one status model.
    public static func state(_ status: String) -> OutboxState? {
        switch status.lowercased() {
        case "sent": .accepted
        case "delivered", "read": .delivered
        case "failed": .failed
        default: nil
        }
    }

    private static func status(_ status: [String: Any], receivedAt: Date) -> Status? {
        guard let id = status["id"] as? String, let name = status["status"] as? String, let state = state(name) else { return nil }
        let at = (status["timestamp"] as? String).flatMap { UnixTime.date($0) } ?? receivedAt
        let errors = (status["errors"] as? [[String: Any]])?.compactMap { error in
            (error["code"] as? Int).map { "\($0) \(error["title"] as? String ?? "")" }
        } ?? []
        return Status(providerID: id, state: state, at: at, detail: (["whatsapp \(name)"] + errors).joined(separator: "; "))
    }

    /// Text, the text of a quick-reply button, or the title of an interactive reply; other kinds
    /// (a photo, a voice note) as "[image]", "[audio]"… so the facilitator knows something came.
    private static func message(_ message: [String: Any]) -> Message? {
        guard let from = message["from"] as? String, let type = message["type"] as? String else { return nil }
        let text: String = switch type {
        case "text": (message["text"] as? [String: Any])?["body"] as? String ?? ""
        case "button": (message["button"] as? [String: Any])?["text"] as? String ?? ""
        case "interactive": interactiveTitle(message["interactive"] as? [String: Any]) ?? "[interactive]"
        default: "[\(type)]"
        }
        let at = (message["timestamp"] as? String).flatMap { UnixTime.date($0) }
        return Message(providerID: message["id"] as? String, from: from, text: text, at: at)
    }

    private static func interactiveTitle(_ interactive: [String: Any]?) -> String? {
        for key in ["button_reply", "list_reply"] {
            if let title = (interactive?[key] as? [String: Any])?["title"] as? String { return title }
        }
        return nil
    }

    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
    public static func verifySignature(body: Data, header: String?, appSecret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), !appSecret.isEmpty else { return false }
        let expected = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8)))
        let hex = expected.map { String(format: "%02x", $0) }.joined()
        return ConstantTime.equals(hex, String(header.dropFirst("sha256=".count)).lowercased())
    }
}
