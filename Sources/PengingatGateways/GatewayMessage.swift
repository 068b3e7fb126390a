import Foundation
import PengingatCore

/// What a gateway needs to send one message.
public struct GatewayMessage: Sendable {
    /// The outbox key: our message id, carried in delivery-report URLs and idempotency keys.
    public let id: String
    public let phone: PhoneNumber
    /// The text as it goes out (typography already mapped for SMS).
    public let text: String
    /// An approved WhatsApp template and its parameters, for the WhatsApp gateway outside the 24-hour window.
    public let whatsAppTemplate: (name: String, language: String, parameters: [String])?
    /// For e-mail: the address and subject.
    public let email: (address: String, subject: String)?

    public init(
        id: String, phone: PhoneNumber, text: String,
        whatsAppTemplate: (name: String, language: String, parameters: [String])? = nil,
        email: (address: String, subject: String)? = nil
    ) {
        self.id = id
        self.phone = phone
        self.text = text
        self.whatsAppTemplate = whatsAppTemplate
        self.email = email
    }
}

/// How one attempt ended.
public struct GatewayResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The gateway took it; delivery reports may follow.
        case accepted(providerID: String?)
        /// Try again later (timeouts, connection errors, 429, 5xx, Kannel's 503).
        case retryable(retryAfter: TimeInterval?)
        /// Trying again cannot help (bad number, refused, not routable).
        case permanent
        /// This number cannot be reached through this gateway (not on WhatsApp): try the next one.
        case notReachableHere
    }

    public let outcome: Outcome
    /// HTTP status, when there was an answer.
    public let httpStatus: Int?
    public let latency: TimeInterval
    /// What went wrong, for the log (never the message text or the full number).
    public let error: String?

    public init(outcome: Outcome, httpStatus: Int? = nil, latency: TimeInterval = 0, error: String? = nil) {
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.latency = latency
        self.error = error
    }
}
