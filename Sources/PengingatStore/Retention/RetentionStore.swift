import Foundation

/// How long the delivery history is kept. The delivery log is append-only evidence, but not
/// forever: a household's phone number and message text should not outlive their use.
public protocol RetentionStore: Sendable {
    /// Removes delivery-log rows older than `cutoff`, and finished messages (delivered, failed,
    /// expired, cancelled, opted out, unconfirmed) whose event ended before `cutoff`, with their
    /// text and items. Rows newer than the cutoff stay untouchable: the store moves its
    /// retention horizon to `cutoff` (never backwards) and refuses any other deletion.
    func pruneDeliveryHistory(before cutoff: Date) async throws -> PruneSummary
}

/// What one pruning removed.
public struct PruneSummary: Sendable, Equatable {
    public var logEntries: Int
    public var messages: Int

    public init(logEntries: Int = 0, messages: Int = 0) {
        self.logEntries = logEntries
        self.messages = messages
    }
}
