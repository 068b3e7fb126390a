import Foundation
import Logging
import PengingatCore
import PostgresNIO

/// The shared store: one PostgreSQL database for a district or a province, with several
/// dispatcher processes on several machines. Same contracts as `SQLiteStore`; claiming uses
/// `FOR UPDATE SKIP LOCKED` so two dispatchers never take the same message.
///
/// Its connections come from postgres-nio's `PostgresClient`, which does nothing until its
/// `run()` is running: a command that runs until stopped puts `client` in its `ServiceGroup`
/// (first, so that it stops last); everything else opens the store with `open`, which runs the
/// client until `close()`, or with `withRunning`.
public struct PostgresStore: Sendable {
    /// The connection pool, a `Service`; see the type's comment for who runs it.
    public let client: PostgresClient
    /// Set when the store runs its own client (`open`), nil when a `ServiceGroup` does.
    let runner: PostgresClientRunner?
    let logger: Logger
    /// The address without its password, for errors and logs.
    let displayURL: String
    /// For the one connection that migrates, opened apart from the pool (see `migrate`).
    let connectionConfiguration: PostgresConnection.Configuration

    /// The store over a client that is not running yet: queries wait until someone runs
    /// `client`, and the schema is as the database has it (`migrate()` brings it up to date).
    /// `url`: `postgres://user:password@host:port/database` (or `postgresql://…`).
    public init(url: String, maxConnections: Int = 8, logger: Logger) throws(StoreError) {
        try self.init(url: url, maxConnections: maxConnections, logger: logger, runner: nil)
    }

    init(url: String, maxConnections: Int, logger: Logger, runner: PostgresClientRunner?) throws(StoreError) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty
        else { throw StoreError(operation: .open, path: Self.redacted(url), underlying: PostgresURLError()) }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? nil : path
        let port = components.port ?? 5432
        let username = components.user ?? "postgres"
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: components.password, database: database, tls: .disable)
        configuration.options.maximumConnections = max(1, maxConnections)
        // The dispatcher's prepared statements (`PostgresDispatchStatements.swift`) are planned
        // once per connection: their plans do not depend on the values bound.
        configuration.options.additionalStartupParameters = [("plan_cache_mode", "force_generic_plan")]
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.connectionConfiguration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: components.password, database: database, tls: .disable)
        self.runner = runner
        self.logger = logger
        self.displayURL = Self.redacted(url)
    }

    /// Opens the store, brings its schema up to date (several processes may do this at once)
    /// and runs its client until `close()`. An unreachable server fails here, at once.
    public static func open(url: String, maxConnections: Int = 8, logger: Logger) async throws(StoreError) -> PostgresStore {
        let runner = PostgresClientRunner()
        let store = try PostgresStore(url: url, maxConnections: maxConnections, logger: logger, runner: runner)
        // Started first so that it is running by the time the caller's first query asks the
        // pool for a connection (the client warns about a query before `run()`).
        runner.start(store.client)
        do {
            try await store.migrate()
        } catch {
            await runner.stop()
            throw error
        }
        return store
    }

    /// Opens the store as `open` does, hands it to `body`, and stops its client when `body` ends.
    public static func withRunning<T: Sendable>(
        url: String, maxConnections: Int = 8, logger: Logger, _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let store = try PostgresStore(url: url, maxConnections: maxConnections, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            try await store.migrate()
            return try await body(store)
        }
    }

    /// Stops the client that `open` started, closing its connections; the store is not used
    /// afterwards. A client run by a `ServiceGroup` stops with the group instead.
    public func close() async {
        await runner?.stop()
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://…" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://…"
    }

    /// Runs `body` on one connection of the pool, outside a transaction.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in
                try await Self.abandoningIfClosed(connection) { try await body(connection) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(operation: .read, path: displayURL, underlying: error)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { [logger] connection in
                try await Self.abandoningIfClosed(connection) {
                    try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            }
        } catch let error as PostgresTransactionError {
            // A store error raised inside the body goes out unchanged, not wrapped in another.
            if let error = error.closureError as? StoreError { throw error }
            throw StoreError(operation: .write, path: displayURL, underlying: error)
        } catch {
            throw StoreError(operation: .write, path: displayURL, underlying: error)
        }
    }

    static func milliseconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 1000) }
    static func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }
    static func date(milliseconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
    static func date(seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

/// A `PENGINGAT_DB` that is not a PostgreSQL address.
struct PostgresURLError: Error, CustomStringConvertible {
    var description: String { "not a postgres:// address with a host" }
}
