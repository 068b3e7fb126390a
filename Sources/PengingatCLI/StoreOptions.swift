import ArgumentParser
import Foundation
import Logging
import PengingatStore

/// Where the data lives; shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "Berkas basis data SQLite (bawaan: PENGINGAT_DB atau var/pengingat.sqlite).",
            valueName: "PATH"))
    var databasePath: String?

    var resolvedPath: String {
        databasePath ?? ProcessInfo.processInfo.environment["PENGINGAT_DB"] ?? "var/pengingat.sqlite"
    }

    func openStore(logger: Logger) throws -> SQLiteStore {
        try SQLiteStore(path: resolvedPath, logger: logger)
    }
}
