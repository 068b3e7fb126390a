import Synchronization

/// Opens once the listener that takes the gateways' delivery reports is bound. The dispatcher
/// waits on it before its first send: Kannel calls the `dlr-url` once and never again (smsbox
/// does not retry), so a report for a message sent while the listener was still starting was
/// lost for good, and its message stayed "accepted" until the report timeout.
public final class ListenerReadiness: Sendable {
    private enum State {
        case waiting([UInt64: CheckedContinuation<Void, any Error>], nextID: UInt64)
        case open
        case failed(any Error)
    }

    private let state = Mutex(State.waiting([:], nextID: 0))

    public init() {}

    /// The listener is bound: every waiter goes on, now and later.
    public func open() {
        finish(.open)
    }

    /// The listener will not come up (its port is taken…): waiters get this error.
    public func fail(_ error: any Error) {
        finish(.failed(error))
    }

    /// Returns once `open()` was called; throws what `fail` was given, or `CancellationError`
    /// when the waiting task is cancelled (a shutdown before the listener came up).
    public func wait() async throws {
        let id: UInt64? = try state.withLock { state in
            switch state {
            case .open: return nil
            case .failed(let error): throw error
            case .waiting(let waiters, let next):
                state = .waiting(waiters, nextID: next + 1)
                return next
            }
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = state.withLock { state in
                    switch state {
                    case .open: return .success(())
                    case .failed(let error): return .failure(error)
                    case .waiting(var waiters, let next):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        state = .waiting(waiters, nextID: next)
                        return nil
                    }
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
                guard case .waiting(var waiters, let next) = state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                state = .waiting(waiters, nextID: next)
                return waiter
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    private func finish(_ outcome: State) {
        let waiters: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            guard case .waiting(let waiters, _) = state else { return [] }
            state = outcome
            return Array(waiters.values)
        }
        for waiter in waiters {
            switch outcome {
            case .failed(let error): waiter.resume(throwing: error)
            default: waiter.resume()
            }
        }
    }
}
