import Foundation
import PengingatCore

/// The record of broadcasts: who sent what to whom, and cancelling what has not gone yet.
public protocol BroadcastStore: Sendable {
    /// Keeps a new broadcast; its messages are committed to the outbox separately, after it.
    func recordBroadcast(_ broadcast: Broadcast) async throws

    func broadcast(id: String) async throws -> Broadcast?

    /// Newest first; one facilitator's when `facilitatorID` is given.
    func broadcasts(facilitatorID: Facilitator.ID?, limit: Int) async throws -> [Broadcast]

    /// Marks the broadcast cancelled and takes every queued message of it out of the queue, in
    /// one transaction. Nil when there is no such broadcast.
    func cancelBroadcast(id: String, by: String, at: Date) async throws -> BroadcastCancellation?

    /// Its messages by state.
    func broadcastProgress(id: String) async throws -> [OutboxState: Int]
}
