import Foundation
import Logging
import PengingatStore
import ServiceLifecycle
import Synchronization

/// A store that is briefly unavailable — an SQLite file another process holds, a full disk,
/// a PostgreSQL server restarting — seen from a loop that should outlast it: waits with a
/// growing delay (half a second up to ten), says once that it is waiting and once that it is
/// over, and gives up only past `limit` (never when the limit is nil).
final class StoreOutage: Sendable {
    private struct State {
        var since: ContinuousClock.Instant?
        var attempts = 0
    }

    let limit: TimeInterval?
    let logger: Logger
    private let state = Mutex(State())

    init(limit: TimeInterval?, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Notes the failure, throws it when the outage has lasted past the limit, else sleeps.
    func wait(after error: StoreError) async throws {
        try check(error)
        let attempts = state.withLock { $0.attempts }
        let delay = min(10, 0.5 * pow(2, Double(min(attempts - 1, 5))))
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
    }

    /// Notes the failure and throws it when the outage has lasted past the limit.
    func check(_ error: StoreError) throws(StoreError) {
        let (since, first) = state.withLock { state -> (ContinuousClock.Instant, Bool) in
            state.attempts += 1
            if let since = state.since { return (since, false) }
            let since = ContinuousClock.now
            state.since = since
            return (since, true)
        }
        if first {
            logger.error("store unavailable; waiting for it", metadata: [
                "error.code": "\(error.code)", "error.detail": "\(error.detail)", "db.path": "\(error.path)",
            ])
        }
        if let limit, since.duration(to: .now) > .seconds(limit) { throw error }
    }

    /// The store answered again.
    func ended() {
        let outage = state.withLock { state -> (ContinuousClock.Instant, Int)? in
            defer { state = State() }
            return state.since.map { ($0, state.attempts) }
        }
        if let (since, attempts) = outage {
            logger.notice("store available again", metadata: [
                "outage.seconds": "\(since.duration(to: .now).components.seconds)", "outage.attempts": "\(attempts)",
            ])
        }
    }

    /// Runs `operation`, trying again on transient store errors for up to `seconds`.
    static func retrying<T: Sendable>(
        for seconds: TimeInterval, _ operation: @Sendable () async throws -> T
    ) async throws -> T {
        // How long an outage lasts is measured on the monotonic clock, not the injected one.
        let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
        var delay = 0.2
        while true {
            do {
                return try await operation()
            } catch let error as StoreError where error.isTransient && ContinuousClock.now.advanced(by: .seconds(delay)) < deadline {
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 5)
            }
        }
    }
}
