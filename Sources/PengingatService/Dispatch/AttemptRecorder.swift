import Foundation
import PengingatStore
import Synchronization

/// Group commit for attempt outcomes: outcomes that finish within a few milliseconds of each
/// other are written in one transaction, so the durable log is not one fsync-bound write per
/// message. Each caller still waits until its own outcome is stored.
final class AttemptRecorder: Sendable {
    private struct Pending {
        var records: [AttemptRecord] = []
        var waiters: [CheckedContinuation<Bool, any Error>] = []
        var flushScheduled = false
    }

    private let store: any DispatchStore
    private let batchSize: Int
    private let delay: Duration
    private let pending = Mutex(Pending())

    init(store: any DispatchStore, batchSize: Int = 64, delay: Duration = .milliseconds(2)) {
        self.store = store
        self.batchSize = batchSize
        self.delay = delay
    }

    /// Stores `record` (with others around it) and returns whether the lease was still ours.
    func record(_ record: AttemptRecord) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let action = pending.withLock { pending -> (flushNow: Bool, schedule: Bool) in
                pending.records.append(record)
                pending.waiters.append(continuation)
                if pending.records.count >= batchSize { return (true, false) }
                if pending.flushScheduled { return (false, false) }
                pending.flushScheduled = true
                return (false, true)
            }
            if action.flushNow {
                Task { await flush() }
            } else if action.schedule {
                Task {
                    try? await Task.sleep(for: delay)
                    await flush()
                }
            }
        }
    }

    private func flush() async {
        let (records, waiters) = pending.withLock { pending in
            defer { pending = Pending() }
            return (pending.records, pending.waiters)
        }
        guard !records.isEmpty else { return }
        do {
            let results = try await store.finishAttempts(records)
            for (waiter, result) in zip(waiters, results) { waiter.resume(returning: result) }
        } catch {
            for waiter in waiters { waiter.resume(throwing: error) }
        }
    }
}
