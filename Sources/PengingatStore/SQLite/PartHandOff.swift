import Foundation
import PengingatCore

/// Hands an import's parts from the task producing them to the SQLite writer's queue, where
/// one transaction takes them in order. The writer's thread waits on a condition (it belongs
/// to GRDB's serial queue, not to Swift's cooperative pool); the producer never waits.
final class PartHandOff: @unchecked Sendable {
    /// The producer gave up (its stream threw): the transaction rolls back with this.
    struct PartsFailed: Error {
        let error: any Error
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [RosterUpdate] = []
    private var ended = false
    private var failure: (any Error)?

    func send(_ part: RosterUpdate) {
        condition.lock()
        queue.append(part)
        condition.signal()
        condition.unlock()
    }

    /// No more parts; with an error, the transaction is abandoned.
    func finish(throwing error: (any Error)?) {
        condition.lock()
        ended = true
        failure = error
        condition.signal()
        condition.unlock()
    }

    /// What the producer's stream threw, if it did.
    var producerFailure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// The next part, or nil once the parts ended; throws `PartsFailed` when the producer failed.
    func next() throws -> RosterUpdate? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !ended { condition.wait() }
        if let failure { throw PartsFailed(error: failure) }
        return queue.isEmpty ? nil : queue.removeFirst()
    }
}
