import Foundation
import PengingatCore
import PengingatOutbox

/// What a gateway needs to send one message.
public struct GatewayMessage: Sendable {
    /// The outbox key: our message id, carried in delivery-report URLs and idempotency keys.
    public let id: String
    public let phone: PhoneNumber
    /// The text as it goes out (typography already mapped for SMS).
    public let text: String
    /// Approved WhatsApp templates that tell the same as `text`, one per item, in order; empty
    /// when some item has none. Outside the 24-hour window only these may go by WhatsApp.
    public let whatsAppTemplates: [WhatsAppTemplateCall]
    /// For e-mail: the address and subject.
    public let email: (address: String, subject: String)?
    /// When the person last wrote to us through this gateway's provider (for gateways with an
    /// `inboundLabel`); nil when never, or not asked.
    public let lastInbound: Date?
    /// The dispatcher's clock at the time of sending: windows are measured against it.
    public let at: Date

    public init(
        id: String, phone: PhoneNumber, text: String, whatsAppTemplates: [WhatsAppTemplateCall] = [],
        email: (address: String, subject: String)? = nil, lastInbound: Date? = nil, at: Date = SystemClock.now()
    ) {
        self.id = id
        self.phone = phone
        self.text = text
        self.whatsAppTemplates = whatsAppTemplates
        self.email = email
        self.lastInbound = lastInbound
        self.at = at
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
