import Crypto
import Foundation
import PengingatStore

/// Turns each gateway's report vocabulary into our one status model.
public enum DeliveryReportParsing {
    /// Kannel's DLR type is a bit mask (reference/kannel.md): 1 delivered, 2 not delivered,
    /// 4 buffered, 8 accepted by the SMS centre, 16 rejected; an expired message comes as
    /// 34 (32 + 2). Test bits, not equality.
    public static func kannelState(type: Int) -> OutboxState? {
        if type & 1 != 0 { return .delivered }
        if type & 2 != 0 { return type & 32 != 0 ? .expired : .failed }
        if type & 16 != 0 { return .failed }
        if type & (8 | 4) != 0 { return .accepted }
        return nil
    }

    /// Twilio's `MessageStatus`.
    public static func twilioState(_ status: String) -> OutboxState? {
        switch status.lowercased() {
        case "queued", "accepted", "sending", "sent", "scheduled": .accepted
        case "delivered", "read": .delivered
        case "undelivered", "failed": .failed
        case "canceled": .cancelled
        default: nil
        }
    }

    /// WhatsApp's message status.
    public static func whatsAppState(_ status: String) -> OutboxState? {
        switch status.lowercased() {
        case "sent": .accepted
        case "delivered", "read": .delivered
        case "failed": .failed
        default: nil
        }
    }

    public struct WhatsAppStatus: Sendable, Equatable {
        public let providerID: String
        public let state: OutboxState
        public let at: Date
        public let detail: String
    }

    /// The statuses in a WhatsApp webhook body (`entry[].changes[].value.statuses[]`);
    /// nil when the body is not the webhook's JSON at all.
    public static func whatsAppStatuses(_ body: Data, receivedAt: Date) -> [WhatsAppStatus]? {
        guard let values = whatsAppChangeValues(body) else { return nil }
        var statuses: [WhatsAppStatus] = []
        for value in values {
            for status in value["statuses"] as? [[String: Any]] ?? [] {
                guard let id = status["id"] as? String, let name = status["status"] as? String,
                      let state = whatsAppState(name)
                else { continue }
                let at = (status["timestamp"] as? String).flatMap { unixTime($0) } ?? receivedAt
                let errors = (status["errors"] as? [[String: Any]])?.compactMap { error in
                    (error["code"] as? Int).map { "\($0) \(error["title"] as? String ?? "")" }
                } ?? []
                statuses.append(WhatsAppStatus(
                    providerID: id, state: state, at: at,
                    detail: (["whatsapp \(name)"] + errors).joined(separator: "; ")))
            }
        }
        return statuses
    }

    /// A gateway's Unix time in seconds (Kannel's `ts=%T`, WhatsApp's `timestamp`); nil unless it
    /// is a finite number from 1970 to the end of 9999. The stores keep whole seconds and reply ids
    /// whole milliseconds, and turning an infinite or enormous number into an integer stops the
    /// process (`ts=1e300` did): such a time is as good as missing, so the caller takes the time
    /// of arrival instead.
    public static func unixTime(_ text: some StringProtocol) -> Date? {
        guard let seconds = TimeInterval(text), (0...253_402_300_799).contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Every `entry[].changes[].value` of a WhatsApp webhook body, where both its statuses and
    /// its incoming messages are; nil when the body is not the webhook's JSON at all.
    static func whatsAppChangeValues(_ body: Data) -> [[String: Any]]? {
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let entries = json["entry"] as? [[String: Any]]
        else { return nil }
        return entries.flatMap { entry in
            (entry["changes"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? [String: Any] }
        }
    }

    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
    public static func verifyWhatsAppSignature(body: Data, header: String?, appSecret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), !appSecret.isEmpty else { return false }
        let expected = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8)))
        let hex = expected.map { String(format: "%02x", $0) }.joined()
        return constantTimeEquals(hex, String(header.dropFirst("sha256=".count)).lowercased())
    }

    /// Compares secrets without leaking, through timing, how much of them matched.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
