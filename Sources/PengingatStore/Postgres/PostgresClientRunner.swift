import PostgresNIO
import Synchronization

/// The task that runs the client of a store opened with `PostgresStore.open`, outside any
/// `ServiceGroup`: started once the schema is migrated, cancelled and awaited by `close()`.
/// Shared by the copies of the store, so any of them can close it.
final class PostgresClientRunner: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    func start(_ client: PostgresClient) {
        task.withLock { task in
            precondition(task == nil, "a PostgresClient runs once")
            task = Task { await client.run() }
        }
    }

    /// Cancelling `run()` closes the pool: its connections, and any operation still waiting
    /// for one, which fails as a shutdown.
    func stop() async {
        guard let running = task.withLock({ $0 }) else { return }
        running.cancel()
        await running.value
    }
}
