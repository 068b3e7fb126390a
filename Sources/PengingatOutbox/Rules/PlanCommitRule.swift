import Foundation
import PengingatCore

/// One write a plan commit makes, in the order the plan gives them.
public enum PlanCommitWrite: Sendable, Equatable {
    /// A key the outbox has never held.
    case insert(OutboxMessage)
    /// A pending (or withdrawn) message whose content changed: it is queued again with the new
    /// content, its items replaced, its attempts kept.
    case rewrite(OutboxMessage)

    public var message: OutboxMessage {
        switch self {
        case .insert(let message), .rewrite(let message): message
        }
    }
}

/// What committing a plan changes in the outbox. Every store persists exactly this.
public struct PlanCommitChanges: Sendable, Equatable {
    public var writes: [PlanCommitWrite] = []
    /// Pending messages taken back, with the log line that says why.
    public var withdrawals: [DeliveryLogEntry] = []
    public var summary = OutboxCommitSummary()

    public init() {}
}

/// The plan-commit diff: which planned messages are new, which pending ones are rewritten,
/// which are left alone because they are underway, and which pending ones the plan dropped.
public enum PlanCommitRule {
    /// - Parameters:
    ///   - planned: the plan's messages (a key may appear twice; the later copy meets what the first wrote).
    ///   - stored: what the outbox holds now under the planned keys and the stale keys, any state.
    ///   - pendingInWindow: keys of queued messages of `source` (and the group) due in the plan's
    ///     window, in due order: the plan speaks for all of them.
    ///   - stale: overdue messages about an event that changed; withdrawn when still queued and of `source`.
    ///   - at: the committing clock's time, for the log.
    public static func changes(
        planned: [OutboxMessage], stored: [String: OutboxMessage], pendingInWindow: [String], stale: Set<String>,
        source: String, at: Date
    ) -> PlanCommitChanges {
        var changes = PlanCommitChanges()
        var current = stored
        for message in planned {
            switch current[message.key] {
            case nil:
                changes.writes.append(.insert(message))
                changes.summary.inserted += 1
                current[message.key] = message
            case let old? where old.state == .queued || old.state == .cancelled:
                if old.state == .queued, old.hasSameContent(as: message) {
                    changes.summary.unchanged += 1
                    continue
                }
                var rewritten = message
                rewritten.state = .queued
                rewritten.attempts = old.attempts
                changes.writes.append(.rewrite(rewritten))
                changes.summary.updated += 1
                current[message.key] = rewritten
            default:
                changes.summary.alreadyUnderway += 1
            }
        }
        let plannedKeys = Set(planned.map(\.key))
        var withdrawn = Set<String>()
        for key in pendingInWindow where !plannedKeys.contains(key) && withdrawn.insert(key).inserted {
            changes.withdrawals.append(OutboxTransition.entry(key, from: .queued, to: .cancelled, at: at, detail: "no longer in the plan"))
        }
        for key in stale.subtracting(plannedKeys).sorted() where !withdrawn.contains(key) {
            guard let old = current[key], old.state == .queued, old.source == source else { continue }
            withdrawn.insert(key)
            changes.withdrawals.append(
                OutboxTransition.entry(key, from: .queued, to: .cancelled, at: at, detail: "its meeting moved or was cancelled"))
        }
        changes.summary.withdrawn = changes.withdrawals.count
        return changes
    }
}
