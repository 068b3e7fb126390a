import Foundation
import Logging
import PengingatCore
import PostgresNIO
import Synchronization

/// The shared store: one PostgreSQL database for a district or a province, with several
/// dispatcher processes on several machines. Same contracts as `SQLiteStore`; claiming uses
/// `FOR UPDATE SKIP LOCKED` so two dispatchers never take the same message.
public struct PostgresStore: Sendable {
    let pool: PostgresConnectionPool
    let logger: Logger
    /// The address without its password, for errors and logs.
    let displayURL: String

    /// Connects lazily (the first query opens the first connection) and migrates when asked.
    /// `url`: `postgres://user:password@host:port/database` (or `postgresql://…`).
    public init(url: String, maxConnections: Int = 8, logger: Logger) throws(StoreError) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty
        else { throw StoreError(operation: .open, path: Self.redacted(url), underlying: PostgresURLError()) }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres", password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        self.pool = PostgresConnectionPool(configuration: configuration, maxConnections: maxConnections, logger: logger)
        self.logger = logger
        self.displayURL = Self.redacted(url)
    }

    /// Opens the store and brings its schema up to date (several processes may do this at once).
    public static func open(url: String, maxConnections: Int = 8, logger: Logger) async throws(StoreError) -> PostgresStore {
        let store = try PostgresStore(url: url, maxConnections: maxConnections, logger: logger)
        try await store.migrate()
        return store
    }

    /// Closes every connection; the store is not used afterwards.
    public func close() async {
        await pool.closeAll()
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://…" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://…"
    }

    /// Runs `body` on one connection of the pool, outside a transaction.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.withConnection(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(operation: .read, path: displayURL, underlying: error)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(operation: .write, path: displayURL, underlying: error)
        }
    }

    static func milliseconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 1000) }
    static func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }
    static func date(milliseconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
    static func date(seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
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

/// A `PENGINGAT_DB` that is not a PostgreSQL address.
struct PostgresURLError: Error, CustomStringConvertible {
    var description: String { "not a postgres:// address with a host" }
}

/// A few connections, each used by one operation at a time (a transaction needs its
/// connection to itself); opened on demand, reused, replaced when broken.
actor PostgresConnectionPool {
    let configuration: PostgresConnection.Configuration
    let maxConnections: Int
    let logger: Logger
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var nextID = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(configuration: PostgresConnection.Configuration, maxConnections: Int, logger: Logger) {
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
        self.logger = logger
    }

    nonisolated func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await checkout()
        do {
            let result = try await Self.abandoningIfClosed(connection) { try await body(connection) }
            await checkin(connection)
            return result
        } catch {
            await checkin(connection)
            throw error
        }
    }

    /// Runs `operation`, and gives up on it when its connection closes under it without the
    /// operation noticing. postgres-nio 1.33 leaves a query waiting forever when it is sent in
    /// the moment the server ends the connection (a restart, `pg_terminate_backend`): the
    /// connection reports itself closed, but the query's answer never comes. Such an operation
    /// is left behind (it holds nothing but its task) and the caller gets a lost connection,
    /// which the dispatcher waits out like any outage.
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

    private func checkout() async throws -> PostgresConnection {
        while true {
            while let connection = idle.popLast() {
                if !connection.isClosed { return connection }
                opened -= 1
            }
            if opened < maxConnections {
                opened += 1
                nextID += 1
                do {
                    return try await PostgresConnection.connect(configuration: configuration, id: nextID, logger: logger)
                } catch {
                    opened -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        if connection.isClosed {
            opened -= 1
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// A store dropped without `close()`: its idle connections close in the background (each
    /// kept alive by its own close callback, as a connection must be closed before it goes).
    deinit {
        for connection in idle {
            connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    func closeAll() async {
        let connections = idle
        idle = []
        opened -= connections.count
        for connection in connections { try? await connection.close() }
    }
}
