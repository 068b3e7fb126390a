import Crypto
import Foundation
import PengingatCore
import PengingatOutbox

/// Twilio's status callbacks: its vocabulary in our one status model, and its signature.
public enum TwilioStatus {
    /// Twilio's `MessageStatus`.
    public static func state(_ status: String) -> OutboxState? {
        switch status.lowercased() {
        case "queued", "accepted", "sending", "sent", "scheduled": .accepted
        case "delivered", "read": .delivered
        case "undelivered", "failed": .failed
        case "canceled": .cancelled
        default: nil
        }
    }

    /// Twilio's scheme: HMAC-SHA1 with the auth token over the full URL followed by every POST
    /// parameter, sorted by name, as name and value run together; base64.
    public static func signature(url: String, form: [(String, String)], authToken: String) -> String {
        let payload = url + form.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { $0.0 + $0.1 }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }
}
