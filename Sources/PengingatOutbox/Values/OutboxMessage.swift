import Foundation
import PengingatCore

/// Where a message is on its way: queued → sending → accepted → delivered | failed | expired,
/// plus cancelled (taken back before sending), opted-out (the household said stop) and
/// unconfirmed (accepted, but no final report came in time). Only queued messages may still
/// change content; a status never moves backwards.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    case queued
    /// Claimed by a dispatcher, on its way to a gateway.
    case sending
    /// The gateway took it; a delivery report may follow.
    case accepted
    case delivered
    case failed
    /// Its time passed before it could be sent, or the SMS centre gave up on it.
    case expired
    /// Taken back before sending: its event moved, or it is no longer due.
    case cancelled
    /// Not sent because the household asked to stop.
    case optedOut = "opted_out"
    /// Accepted, but no final delivery report arrived within the configured time.
    case unconfirmed

    /// Cancelled and opted-out messages no longer stand for their items; every other state does.
    public var holdsItems: Bool { self != .cancelled && self != .optedOut }

    /// Sent, or on its way: the household has been (or is being) told.
    public var isUnderway: Bool {
        switch self {
        case .sending, .accepted, .delivered, .unconfirmed: true
        case .queued, .cancelled, .failed, .expired, .optedOut: false
        }
    }

    public var isFinal: Bool {
        switch self {
        case .delivered, .failed, .expired, .cancelled, .optedOut, .unconfirmed: true
        case .queued, .sending, .accepted: false
        }
    }

    /// Progress along the way; a change to a lower rank is refused.
    public var rank: Int {
        switch self {
        case .queued: 0
        case .sending: 1
        case .accepted: 2
        default: 3
        }
    }

    /// Whether a report or an outcome may move a message from `self` to `next`.
    public func canMove(to next: OutboxState) -> Bool {
        !isFinal && next.rank > rank || (self == .sending && next == .queued)
    }
}

/// One thing a message tells one household, so a later plan knows it was already told.
public struct OutboxItem: Sendable, Hashable, Codable {
    /// Stable per (household or member, event, offset): planning twice gives the same key.
    public let key: String
    public let householdID: Household.ID
    /// The meeting id or obligation key the item is about.
    public let eventKey: String
    /// When that event starts, as the message told it.
    public let eventAt: Date
    public let kind: String

    public init(key: String, householdID: Household.ID, eventKey: String, eventAt: Date, kind: String) {
        self.key = key
        self.householdID = householdID
        self.eventKey = eventKey
        self.eventAt = eventAt
        self.kind = kind
    }
}

/// A message in the durable outbox: one phone, one text, when to send it and until when.
public struct OutboxMessage: Sendable, Equatable {
    /// Unique: committing the same key again updates a pending message and never adds another.
    public let key: String
    /// Who put it there: "planner", later "motivation", "broadcast", "reply".
    public let source: String
    public let phone: PhoneNumber
    public let channel: Household.Channel
    public let language: Household.Language
    public let groupID: Group.ID?
    public let dueAt: Date
    /// Nothing is sent after this: the event has begun.
    public let expiresAt: Date
    /// Lower goes first.
    public let priority: Int
    public var state: OutboxState
    public let text: String
    public let segments: Int
    public let encoding: String
    public let items: [OutboxItem]
    /// What WhatsApp may send instead of the text outside the 24-hour window: approved
    /// templates, in order (the planner's one per item, a broadcast's one for its text). Empty
    /// when the text has no approved equivalent.
    public let whatsAppTemplates: [WhatsAppTemplateCall]
    /// Set for a message that goes by e-mail (a facilitator's digest): the phone then only
    /// names whose message it is.
    public let email: EmailEnvelope?
    /// Attempts made so far.
    public var attempts: Int = 0
    /// The gateway that took it, and its id for the message (for matching reports).
    public var gateway: String?
    public var providerID: String?

    public init(
        key: String, source: String, phone: PhoneNumber, channel: Household.Channel, language: Household.Language,
        groupID: Group.ID?, dueAt: Date, expiresAt: Date, priority: Int, state: OutboxState = .queued, text: String,
        segments: Int, encoding: String, items: [OutboxItem], whatsAppTemplates: [WhatsAppTemplateCall] = [],
        email: EmailEnvelope? = nil
    ) {
        self.key = key
        self.source = source
        self.phone = phone
        self.channel = channel
        self.language = language
        self.groupID = groupID
        self.dueAt = dueAt
        self.expiresAt = expiresAt
        self.priority = priority
        self.state = state
        self.text = text
        self.segments = segments
        self.encoding = encoding
        self.items = items
        self.whatsAppTemplates = whatsAppTemplates
        self.email = email
    }

    public var householdIDs: [Household.ID] {
        var seen = Set<Household.ID>()
        return items.map(\.householdID).filter { seen.insert($0).inserted }
    }

    /// Same content, whatever the state and sending history: what decides whether a queued
    /// message is rewritten.
    public func hasSameContent(as other: OutboxMessage) -> Bool {
        key == other.key && source == other.source && phone == other.phone && channel == other.channel
            && language == other.language && groupID == other.groupID && dueAt == other.dueAt
            && expiresAt == other.expiresAt && priority == other.priority && text == other.text
            && segments == other.segments && encoding == other.encoding && items == other.items
            && whatsAppTemplates == other.whatsAppTemplates && email == other.email
    }
}

/// Where an e-mail goes and what its subject says.
public struct EmailEnvelope: Sendable, Equatable, Codable {
    public let address: String
    public let subject: String

    public init(address: String, subject: String) {
        self.address = address
        self.subject = subject
    }
}

/// What committing a plan changed in the outbox.
public struct OutboxCommitSummary: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Pending messages of the same source, due in the window, that the plan no longer has.
    public var withdrawn = 0
    /// Planned messages left alone because their key was already sent or on its way.
    public var alreadyUnderway = 0

    public init() {}

    public var written: Int { inserted + updated + withdrawn }

    public mutating func add(_ other: OutboxCommitSummary) {
        inserted += other.inserted
        updated += other.updated
        unchanged += other.unchanged
        withdrawn += other.withdrawn
        alreadyUnderway += other.alreadyUnderway
    }
}
