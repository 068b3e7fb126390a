import Foundation
import PengingatCore

/// The durable outbox: what is to be sent, with the items each message stands for.
public protocol OutboxStore: Sendable {
    /// For each given item key held by a live (not withdrawn) message: that message's key.
    func liveItems(among itemKeys: [String]) async throws -> [String: String]

    /// Writes a plan in one transaction: new keys are inserted, pending (or withdrawn) ones
    /// with changed content are rewritten, messages already underway are left alone, and
    /// pending messages of `source` due in `window` that the plan no longer has are withdrawn,
    /// as are the pending messages named in `stale` (overdue ones about an event that changed).
    /// `PlanCommitRule` decides; `at` is the committing clock's time, for the log.
    func commit(
        _ messages: [OutboxMessage], source: String, groupID: Group.ID?, window: DateInterval, stale: Set<String>, at: Date
    ) async throws -> OutboxCommitSummary

    /// Messages due in `window` (of one group, when given), by due time then key.
    func outboxMessages(dueIn window: DateInterval, groupID: Group.ID?) async throws -> [OutboxMessage]

    /// The message with this key; a planned message's key of the earlier form (with its phone)
    /// finds the message under its opaque key (`PlanMessageKey.current`), as do the two below.
    func outboxMessage(key: String) async throws -> OutboxMessage?

    /// The store's secret for naming planned messages (`PlanMessageKey`).
    func messageKeySecret() async throws -> MessageKeySecret

    /// The messages that speak to one household, latest due first, if `scope` sees the household.
    func outboxMessages(forHousehold id: Household.ID, in scope: AccessScope, limit: Int) async throws -> [OutboxMessage]

    /// Households told about `eventKey` by a message already sent (or on its way), with the
    /// event time they were told.
    func householdsTold(about eventKey: String) async throws -> [Household.ID: Date]

    /// Moves a message to `state` (an operator's correction, logged as such); false when there is no such message.
    func setState(_ state: OutboxState, forMessage key: String, at: Date) async throws -> Bool
}
