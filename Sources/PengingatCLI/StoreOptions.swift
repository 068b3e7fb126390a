import ArgumentParser
import Foundation
import Logging
import PengingatStore
import ServiceLifecycle

/// Where the data lives; shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "Berkas basis data SQLite, atau alamat PostgreSQL postgres://… (bawaan: PENGINGAT_DB atau var/pengingat.sqlite).",
            valueName: "PATH|URL"))
    var databasePath: String?

    var resolvedPath: String {
        databasePath ?? ProcessInfo.processInfo.environment["PENGINGAT_DB"] ?? "var/pengingat.sqlite"
    }

    /// Whether the data lives in a shared PostgreSQL database rather than a SQLite file.
    var isPostgres: Bool { resolvedPath.hasPrefix("postgres://") || resolvedPath.hasPrefix("postgresql://") }

    /// The SQLite file, or the PostgreSQL database (migrated on opening) for a postgres:// address,
    /// whose connections stay up until the process ends.
    func openStore(logger: Logger) async throws -> any PengingatStore {
        if isPostgres { return try await PostgresStore.open(url: resolvedPath, logger: logger) }
        return try SQLiteStore(path: resolvedPath, logger: logger)
    }

    /// For a command that runs until stopped: the store, migrated, and for PostgreSQL the client
    /// that the command's `ServiceGroup` runs. It goes first in the group, which stops services
    /// in reverse order: the others finish their work on the store before its connections close.
    func openForServices(logger: Logger) async throws -> (store: any PengingatStore, client: (any Service)?) {
        guard isPostgres else { return (try SQLiteStore(path: resolvedPath, logger: logger), nil) }
        let store = try PostgresStore(url: resolvedPath, logger: logger)
        try await store.migrate()
        return (store, store.client)
    }

    /// Runs `body` before the command's `ServiceGroup` starts (the first admin account): on
    /// `store` itself for SQLite; for PostgreSQL, whose client only runs in the group, on a
    /// store of its own, open for as long as `body` runs.
    func beforeServices<T: Sendable>(
        _ store: any PengingatStore, logger: Logger, _ body: (any PengingatStore) async throws -> T
    ) async throws -> T {
        guard isPostgres else { return try await body(store) }
        return try await PostgresStore.withRunning(url: resolvedPath, maxConnections: 1, logger: logger) { try await body($0) }
    }
}
