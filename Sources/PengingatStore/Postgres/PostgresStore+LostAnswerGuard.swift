import PostgresNIO
import Synchronization

/// The guard against a lost answer, which `PostgresClient` does not give: postgres-nio 1.33
/// leaves a query waiting forever when it is sent in the moment the server ends the connection
/// (a restart, `pg_terminate_backend`). The query is written to a channel that has already
/// closed, so nothing ever answers it; the connection reports itself closed, and the pool
/// replaces it, but the operation that holds it waits on. Reproduced by
/// `PostgresOutageTests.terminatedConnections` (Tests/PengingatServiceTests/StoreFaultTests.swift):
/// without this guard its dispatcher stops for good after the first round of terminations.
extension PostgresStore {
    /// Runs `operation` on `connection`, and gives it up when the connection closes under it
    /// without the operation noticing. Such an operation is left behind (it holds nothing but
    /// its task; the pool has dropped the closed connection) and the caller gets a lost
    /// connection, which the dispatcher waits out like any outage. Costs a task for the
    /// operation and one for its watchdog.
    static func abandoningIfClosed<T: Sendable>(
        _ connection: PostgresConnection, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = OperationOutcome<T>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.install(continuation)
            let work = Task {
                do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
            }
            Task {
                var closedFor = 0
                while !outcome.isFinished {
                    try? await Task.sleep(for: .milliseconds(250))
                    closedFor = connection.isClosed ? closedFor + 1 : 0
                    // A second of grace: a query failing on its own reports its own error.
                    if closedFor >= 4 {
                        outcome.finish(.failure(AbandonedOperation()))
                        work.cancel()
                    }
                }
            }
        }
    }
}

/// The first of an operation's result and its watchdog's verdict, delivered once.
final class OperationOutcome<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var result: Result<T, any Error>?
    }

    private let state = Mutex(State())

    var isFinished: Bool { state.withLock { $0.result != nil } }

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func finish(_ result: Result<T, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }
}

/// An operation given up on because its connection closed under it.
struct AbandonedOperation: Error, CustomStringConvertible {
    var description: String { "the connection closed while the query waited for its answer" }
}
