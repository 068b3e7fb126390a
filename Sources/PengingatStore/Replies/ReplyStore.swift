import Foundation
import PengingatCore

/// Messages sent in by households, and the lookups answering them needs.
public protocol ReplyStore: Sendable {
    /// Keeps a reply. False, and nothing kept, when the same gateway already delivered a
    /// message with the same `providerID` (webhooks are retried).
    func recordReply(_ reply: Reply) async throws -> Bool

    /// Newest first, as far as `scope` may see: a facilitator sees the replies of their
    /// groups' households; replies from numbers not in the roster only the coordinator.
    /// `before` continues a list where an earlier read of it stopped (keyset: the same cost
    /// however far back).
    func replies(in scope: AccessScope, unhandledOnly: Bool, since: Date?, before: Reply.Position?, limit: Int) async throws -> [Reply]

    /// What one household's phones sent, newest first, when `scope` sees the household's group.
    func replies(ofHousehold id: Household.ID, in scope: AccessScope, limit: Int) async throws -> [Reply]

    /// What one number sent since `since`, oldest first: for the answer limit and for
    /// acknowledging a free-text message only once.
    func replies(from phone: PhoneNumber, since: Date) async throws -> [Reply]

    /// When this number last wrote through `gateway` (`whatsapp`): WhatsApp's 24-hour window
    /// opens with each such message. Nil when it never did.
    func lastReplyAt(from phone: PhoneNumber, gateway: String) async throws -> Date?

    /// Marks a reply read and dealt with. False when `scope` does not see such a reply.
    func markReplyHandled(id: String, by: String, at: Date, in scope: AccessScope) async throws -> Bool

    /// The households whose phone or alternate phone is `phone`, active or not.
    func households(withPhone phone: PhoneNumber) async throws -> [Household]
}

extension ReplyStore {
    /// The newest replies, from the start of the list.
    public func replies(in scope: AccessScope, unhandledOnly: Bool, since: Date?, limit: Int) async throws -> [Reply] {
        try await replies(in: scope, unhandledOnly: unhandledOnly, since: since, before: nil, limit: limit)
    }
}
