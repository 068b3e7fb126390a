import PengingatCore
import PengingatStore

/// Messages counted by what became of them: the one reading of the outbox's states that the
/// delivery report (`laporan pengiriman`) and the monthly report share.
public struct MessageTally: Sendable, Equatable {
    /// Every message, whatever its state.
    public var total = 0
    /// Taken by a gateway (accepted, delivered, no final report).
    public var sent = 0
    public var delivered = 0
    public var failed = 0
    /// Waiting to be sent, or on its way (queued, sending).
    public var planned = 0
    public var expired = 0
    /// Taken back by the planner, or not sent because the household asked to stop.
    public var withdrawn = 0

    public init() {}

    public init(byState: [OutboxState: Int]) {
        let count = { (states: [OutboxState]) in states.reduce(0) { $0 + (byState[$1] ?? 0) } }
        total = byState.values.reduce(0, +)
        sent = count([.accepted, .delivered, .unconfirmed])
        delivered = count([.delivered])
        failed = count([.failed])
        planned = count([.queued, .sending])
        expired = count([.expired])
        withdrawn = count([.cancelled, .optedOut])
    }

    public static func + (lhs: MessageTally, rhs: MessageTally) -> MessageTally {
        var sum = lhs
        sum.total += rhs.total
        sum.sent += rhs.sent
        sum.delivered += rhs.delivered
        sum.failed += rhs.failed
        sum.planned += rhs.planned
        sum.expired += rhs.expired
        sum.withdrawn += rhs.withdrawn
        return sum
    }
}
