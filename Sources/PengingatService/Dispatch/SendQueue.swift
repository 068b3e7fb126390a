import PengingatStore
import Synchronization

/// Claimed messages between the dispatcher's claiming loop and its send workers. The loop
/// pushes whole claims; a worker takes the next message as soon as it has recorded the last,
/// without a task or a hand-off per message, and the loop wakes only when there is room for
/// another claim (or something went wrong), not after every send.
final class SendQueue: Sendable {
    private struct State {
        var waiting: [ClaimedMessage] = []
        /// Index of the first message in `waiting` not yet taken (taken ones are dropped in bulk).
        var head = 0
        /// Messages a worker has taken and not yet finished.
        var busy = 0
        var idleWorkers: [CheckedContinuation<ClaimedMessage?, Never>] = []
        var roomWaiter: (atMost: Int, continuation: CheckedContinuation<Void, Never>)?
        var closed = false
        var failure: (any Error)?

        var outstanding: Int { waiting.count - head + busy }

        /// The room waiter to resume, if the queue has come down to what it waits for.
        mutating func roomWaiterToResume() -> CheckedContinuation<Void, Never>? {
            guard let waiter = roomWaiter, closed || outstanding <= waiter.atMost else { return nil }
            roomWaiter = nil
            return waiter.continuation
        }
    }

    private let state = Mutex(State())

    /// Messages claimed and not yet finished: waiting for a worker or being sent.
    var outstanding: Int { state.withLock { $0.outstanding } }

    /// Workers parked in `next()`, and whether the claiming loop waits: for tests.
    var idleWorkers: Int { state.withLock { $0.idleWorkers.count } }
    var hasRoomWaiter: Bool { state.withLock { $0.roomWaiter != nil } }

    /// The first error a worker could not handle; the loop rethrows it.
    var failure: (any Error)? { state.withLock { $0.failure } }

    /// Queues a claim's messages, handing them to idle workers first.
    func push(_ messages: [ClaimedMessage]) {
        guard !messages.isEmpty else { return }
        let handed = state.withLock { state -> [(CheckedContinuation<ClaimedMessage?, Never>, ClaimedMessage)] in
            guard !state.closed else { return [] }
            let direct = min(state.idleWorkers.count, messages.count)
            let handed = zip(state.idleWorkers.suffix(direct), messages.prefix(direct)).map { ($0, $1) }
            state.idleWorkers.removeLast(direct)
            state.busy += direct
            state.waiting += messages.dropFirst(direct)
            return handed
        }
        for (worker, message) in handed { worker.resume(returning: message) }
    }

    /// The next message for a worker; nil once the queue is closed (what is still waiting then
    /// stays claimed, for the dispatcher to give back).
    func next() async -> ClaimedMessage? {
        await withCheckedContinuation { (continuation: CheckedContinuation<ClaimedMessage?, Never>) in
            let taken = state.withLock { state -> ClaimedMessage?? in
                if state.closed { return .some(nil) }
                guard state.head < state.waiting.count else {
                    state.idleWorkers.append(continuation)
                    return .none
                }
                let message = state.waiting[state.head]
                state.head += 1
                if state.head == state.waiting.count {
                    state.waiting.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                state.busy += 1
                return .some(message)
            }
            if let taken { continuation.resume(returning: taken) }
        }
    }

    /// A worker finished the message it took.
    func done() {
        let waiter = state.withLock { state in
            state.busy -= 1
            return state.roomWaiterToResume()
        }
        waiter?.resume()
    }

    /// Returns once at most `count` messages are outstanding, or the queue is closed.
    /// Only the claiming loop waits here, one wait at a time.
    func wait(untilOutstandingAtMost count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.closed || state.outstanding <= count { return true }
                state.roomWaiter = (count, continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Workers take nothing more; the ones waiting and the claiming loop wake up.
    func close() {
        let (workers, waiter) = state.withLock { state in
            state.closed = true
            defer { state.idleWorkers = [] }
            return (state.idleWorkers, state.roomWaiterToResume())
        }
        for worker in workers { worker.resume(returning: nil) }
        waiter?.resume()
    }

    /// Records a worker's error (the first one wins) and closes the queue.
    func fail(_ error: any Error) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
        }
        close()
    }
}
