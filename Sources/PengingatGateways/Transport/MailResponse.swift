import Foundation

/// How the SMTP server answered the end of the message.
public struct MailResponse: Sendable, Equatable {
    /// The last SMTP reply code (`CURLINFO_RESPONSE_CODE`), 250 when the message was taken.
    public let code: Int
    /// The whole transfer, in seconds (`CURLINFO_TOTAL_TIME`).
    public let totalTime: TimeInterval

    public init(code: Int, totalTime: TimeInterval = 0) {
        self.code = code
        self.totalTime = totalTime
    }
}
