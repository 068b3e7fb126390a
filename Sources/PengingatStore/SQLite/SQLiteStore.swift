import GRDB
import Logging
import PengingatCore

/// The embedded store: one SQLite file in WAL mode. Serves one kecamatan on one machine.
public struct SQLiteStore: Sendable {
    public let database: AppDatabase
    let path: String
    let logger: Logger

    public init(database: AppDatabase, path: String, logger: Logger) {
        self.database = database
        self.path = path
        self.logger = logger
    }

    /// Opens the file at `path`, creating and migrating it when needed.
    public init(path: String, logger: Logger) throws(StoreError) {
        self.init(database: try AppDatabase(path: path, logger: logger), path: path, logger: logger)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await database.writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(operation: .read, path: path, underlying: error)
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await database.writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(operation: .write, path: path, underlying: error)
        }
    }
}

extension SQLiteStore {
    /// A private database in memory, migrated: for tests and for trying things out. Same
    /// contracts and the same SQL as a file, so what passes here passes on disk.
    public static func inMemory(logger: Logger = Logger(label: "pengingat.store.memory")) throws(StoreError) -> SQLiteStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw StoreError(operation: .open, path: ":memory:", underlying: error)
        }
        return SQLiteStore(database: try AppDatabase(writer: queue), path: ":memory:", logger: logger)
    }
}
