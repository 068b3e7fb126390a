import Foundation
import GRDB
import Logging
import PengingatCore
import Testing

@testable import PengingatStore

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("shared phones are read from the index of active households' phones, never the rows")
    func sharedPhonesFromIndex() async throws {
        let store = try SQLiteStore.inMemory()
        let plan = try await store.database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + RosterIndexes.sharedPhonesSQL).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX households_active_by_phone") }, "\(plan)")
    }

    @Test("the file is in WAL mode and keeps its data across reopening")
    func walAndPersistence() async throws {
        let path = try TemporaryFolder.make().appending("nested/folder/pengingat.sqlite")
        do {
            let store = try SQLiteStore(path: path, logger: Logger(label: "test"))
            _ = try await store.apply(RosterFixture.update)
            let mode = try await store.database.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        let reopened = try SQLiteStore(path: path, logger: Logger(label: "test"))
        #expect(try await reopened.households(in: .everything, groupID: nil).count == 3)
    }

    @Test("the writer keeps statement journals in memory, readers keep temporary files on disk")
    func writerTemporaryStorage() async throws {
        let store = try SQLiteStore(path: try TemporaryFolder.make().appending("t.sqlite"), logger: Logger(label: "test"))
        // 2 is MEMORY, 0 the compiled default (files): a writer on 0 spills a large transaction's
        // statement journal to a file and then writes every statement's pages there.
        let writer = try await store.database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") }
        let reader = try await store.database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") }
        #expect(writer == 2)
        #expect(reader == 0)
    }

    @Test("a failing apply leaves nothing behind")
    func atomicApply() async throws {
        let store = try SQLiteStore(path: try TemporaryFolder.make().appending("a.sqlite"), logger: Logger(label: "test"))
        // The household refers to a group that does not exist: the foreign key fails at the end.
        let update = RosterUpdate(
            facilitators: RosterFixture.facilitators,
            households: [Household(id: "H9", caregiverName: "X", phone: nil, groupID: "no-such-group")])
        await #expect(throws: StoreError.self) { try await store.apply(update) }
        #expect(try await store.facilitators().isEmpty)
    }

    @Test("a database that cannot be opened gives a clear error with a code")
    func openFailure() throws {
        let blocker = try TemporaryFolder.make().appending("a-file")
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        do {
            _ = try SQLiteStore(path: blocker.appending("db.sqlite"), logger: Logger(label: "test"))
            Issue.record("opened a database inside a file")
        } catch {
            #expect(error.operation == .open)
            #expect(error.code.hasPrefix("DB"))
            #expect(error.explanation.contains(blocker))
        }
    }

    @Test("a file that is not a database is reported as such")
    func notADatabase() throws {
        let path = try TemporaryFolder.make().appending("bukan.sqlite")
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096))
        do {
            _ = try SQLiteStore(path: path, logger: Logger(label: "test"))
            Issue.record("opened a file of A's as a database")
        } catch {
            #expect(error.code == "DB11")
        }
    }
}

@Suite("SQLite delivery log")
struct SQLiteDeliveryLogTests {
    @Test("the delivery log is append-only: the database refuses updates and deletes")
    func appendOnly() async throws {
        let store = try SQLiteStore(path: try TemporaryFolder.make().appending("log.sqlite"), logger: Logger(label: "test"))
        _ = try await store.commit([OutboxContractTests.message("m1", due: -1)], source: "planner", groupID: "G1",
                                   window: OutboxContractTests.window, stale: [], at: OutboxContractTests.window.start)
        _ = try await store.setState(.cancelled, forMessage: "m1", at: OutboxContractTests.base)
        #expect(try await store.deliveryLog(DeliveryLogFilter()).count == 1)
        await #expect(throws: (any Error).self) {
            try await store.database.writer.write { db in try db.execute(sql: "UPDATE delivery_log SET detail = 'x'") }
        }
        await #expect(throws: (any Error).self) {
            try await store.database.writer.write { db in try db.execute(sql: "DELETE FROM delivery_log") }
        }
    }
}
