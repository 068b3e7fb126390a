import Foundation
import PengingatCore

/// What a dispatcher needs of a message it has claimed: who, what and until when. Read by
/// column on the claim's hot path; the items stay in the store.
public struct ClaimedMessage: Sendable, Equatable {
    public let key: String
    public let source: String
    public let phone: PhoneNumber
    public let channel: Household.Channel
    public let text: String
    public let expiresAt: Date
    /// Attempts made before this claim.
    public let attempts: Int
    /// As `OutboxMessage.whatsAppTemplates`.
    public let whatsAppTemplates: [WhatsAppTemplateCall]
    public let email: EmailEnvelope?

    public init(key: String, source: String, phone: PhoneNumber, channel: Household.Channel, text: String, expiresAt: Date,
                attempts: Int, whatsAppTemplates: [WhatsAppTemplateCall], email: EmailEnvelope?) {
        self.key = key
        self.source = source
        self.phone = phone
        self.channel = channel
        self.text = text
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.whatsAppTemplates = whatsAppTemplates
        self.email = email
    }

    /// The source of answers to a household's own message (`ReplyService.source`).
    public static let replySource = "reply"

    /// An e-mail does not ring a phone, and an answer to a household's own message is awaited
    /// (the replies' answer limit governs those): neither counts against the phone's daily cap.
    public var countsAgainstPhoneCap: Bool { email == nil && source != Self.replySource }
}

/// What one claim gave and decided.
public struct ClaimBatch: Sendable, Equatable {
    public var messages: [ClaimedMessage]
    /// Not sent: every household opted out.
    public var optedOut: Int
    /// The phone's daily cap was reached: queued for the next morning.
    public var deferred: Int
    /// The phone's daily cap was reached and the next morning is too late.
    public var expired: Int

    public init(messages: [ClaimedMessage] = [], optedOut: Int = 0, deferred: Int = 0, expired: Int = 0) {
        self.messages = messages
        self.optedOut = optedOut
        self.deferred = deferred
        self.expired = expired
    }

    public init(_ decision: ClaimDecision) {
        self.init(messages: decision.claimed, optedOut: decision.optedOut.count, deferred: decision.deferred.count,
                  expired: decision.expired.count)
    }
}
