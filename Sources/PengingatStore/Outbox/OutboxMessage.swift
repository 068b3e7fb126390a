import Foundation
import PengingatCore

/// Where a message is on its way. Only `pending` messages may still change; the dispatcher
/// moves them on.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    case pending
    /// Taken back before sending: its event moved, or it is no longer due.
    case withdrawn
    case sending
    case sent
    case delivered
    case failed
    /// Its event began before it could be sent.
    case expired

    /// Withdrawn messages no longer stand for their items; every other state does.
    public var holdsItems: Bool { self != .withdrawn }
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

    public init(
        key: String, source: String, phone: PhoneNumber, channel: Household.Channel, language: Household.Language,
        groupID: Group.ID?, dueAt: Date, expiresAt: Date, priority: Int, state: OutboxState = .pending, text: String,
        segments: Int, encoding: String, items: [OutboxItem]
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
    }

    public var householdIDs: [Household.ID] {
        var seen = Set<Household.ID>()
        return items.map(\.householdID).filter { seen.insert($0).inserted }
    }

    /// Same content, whatever the state: what decides whether a pending message is rewritten.
    func hasSameContent(as other: OutboxMessage) -> Bool {
        var copy = other
        copy.state = state
        return copy == self
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
