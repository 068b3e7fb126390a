import ArgumentParser
import Foundation
import Logging
import PengingatStore

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

    /// The SQLite file, or the PostgreSQL database (migrated on opening) for a postgres:// address.
    func openStore(logger: Logger) async throws -> any PengingatStore {
        if isPostgres { return try await PostgresStore.open(url: resolvedPath, logger: logger) }
        return try SQLiteStore(path: resolvedPath, logger: logger)
    }
}
