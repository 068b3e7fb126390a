import Synchronization

/// How many sends may be at the gateways at once. Separate from the tasks, so a send's slot is
/// free again as soon as the gateway answers, while its outcome is still being recorded.
final class SendPermits: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(available: max(1, count))) }

    /// Waits for a permit. Not cancellable on purpose: a holder gives its permit back as soon as
    /// its gateway answers, and a gateway's send ends when its task is cancelled, so a waiter is
    /// never stuck; the dispatcher checks for a shutdown once it holds the permit.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
