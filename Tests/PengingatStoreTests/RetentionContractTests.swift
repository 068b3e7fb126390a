import Foundation
import GRDB
import Logging
import PengingatCore
import PengingatStore
import Testing

/// Retention: old delivery history goes, recent history and unfinished messages stay, and the
/// log stays append-only in front of the retention horizon.
@Suite("Retention and backup")
struct RetentionContractTests {
    typealias O = OutboxContractTests
    static let base = O.base

    func attempt(_ key: String, _ consequence: AttemptRecord.Consequence, at: Date) -> AttemptRecord {
        AttemptRecord(key: key, owner: "A", gateway: "kannel", at: at, httpStatus: 202, latency: 0.01, error: nil, consequence: consequence)
    }

    @Test("pruning removes log rows and finished messages older than the cutoff, and nothing newer", arguments: StoreKind.allCases)
    func prune(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.commit([O.message("old", due: -16), O.message("recent", due: -15, items: ["b"]),
                                    O.message("waiting", due: -14, items: ["c"])],
                                   source: "planner", groupID: "G1", window: O.window, stale: [], at: O.window.start)
        let early = Self.base.addingTimeInterval(-10 * 3600)
        _ = try await store.claim(now: early, limit: 2, owner: "A", leaseUntil: early.addingTimeInterval(60))
        #expect(try await store.finishAttempt(attempt("old", .failed, at: early)))
        #expect(try await store.finishAttempt(attempt("recent", .accepted(providerID: "p1"), at: early)))
        // A report for "recent" arrives long after its event.
        let late = Self.base.addingTimeInterval(40 * 86_400)
        _ = try await store.applyReport(DeliveryReport(match: .key("recent"), state: .delivered, at: late, detail: "DELIVRD"))
        let before = try await store.deliveryLog(DeliveryLogFilter(limit: 10_000))

        // An hour before the events: the sends' log rows go; the messages are not past yet.
        let cutoff = Self.base.addingTimeInterval(-3600)
        let first = try await store.pruneDeliveryHistory(before: cutoff)
        let after = try await store.deliveryLog(DeliveryLogFilter(limit: 10_000))
        #expect(first.logEntries == before.filter { $0.at < cutoff }.count)
        #expect(first.logEntries > 0)
        #expect(first.messages == 0)
        #expect(after.count == before.count - first.logEntries)
        #expect(after.allSatisfy { $0.at >= cutoff })
        #expect(after.contains { $0.messageKey == "recent" && $0.toState == .delivered })
        for key in ["old", "recent", "waiting"] { #expect(try await store.outboxMessage(key: key) != nil) }

        // A month after: both finished messages go with their text; the queued one is not finished.
        let second = try await store.pruneDeliveryHistory(before: Self.base.addingTimeInterval(30 * 86_400))
        #expect(second.messages == 2)
        #expect(try await store.outboxMessage(key: "old") == nil)
        #expect(try await store.outboxMessage(key: "recent") == nil)
        #expect(try await store.outboxMessage(key: "waiting")?.state == .queued)
        // The horizon never moves back: an earlier cutoff removes nothing more and breaks nothing.
        #expect(try await store.pruneDeliveryHistory(before: Self.base) == PruneSummary())
    }

    @Test("SQLite: in front of the horizon the delivery log still refuses deletes and updates")
    func appendOnlyInFrontOfHorizon() async throws {
        let store = try await StoreKind.sqlite.make() as! SQLiteStore
        _ = try await store.commit([O.message("m1", due: -16)], source: "planner", groupID: "G1", window: O.window, stale: [], at: O.window.start)
        let at = Self.base.addingTimeInterval(-3600)
        _ = try await store.claim(now: at, limit: 1, owner: "A", leaseUntil: at.addingTimeInterval(60))
        #expect(try await store.finishAttempt(attempt("m1", .accepted(providerID: nil), at: at)))
        _ = try await store.pruneDeliveryHistory(before: Self.base.addingTimeInterval(-30 * 86_400))
        await #expect(throws: (any Error).self) {
            try await store.database.writer.write { db in try db.execute(sql: "DELETE FROM delivery_log") }
        }
        await #expect(throws: (any Error).self) {
            try await store.database.writer.write { db in try db.execute(sql: "UPDATE delivery_log SET event = 'x'") }
        }
        await #expect(throws: (any Error).self) {
            try await store.database.writer.write { db in try db.execute(sql: "UPDATE delivery_log_retention SET horizon_ms = 0") }
        }
    }

    @Test("SQLite backup: a consistent copy while another task writes, intact and complete; a bad target leaves nothing")
    func backup() async throws {
        let folder = try TemporaryFolder.make()
        let store = try SQLiteStore(path: folder.appending("live.sqlite"), logger: Logger(label: "test"))
        _ = try await store.apply(RosterFixture.update)
        let first = (0..<200).map { O.message("b-\($0)", due: -16, items: ["i\($0)"]) }
        _ = try await store.commit(first, source: "planner", groupID: "G1", window: O.window, stale: [], at: O.window.start)
        let writer = Task {
            for round in 0..<20 {
                let more = (0..<50).map { O.message("w\(round)-\($0)", due: -16, items: ["w\(round)-\($0)"]) }
                _ = try await store.commit(more, source: "broadcast-\(round)", groupID: "G1", window: O.window, stale: [], at: O.window.start)
            }
        }
        let target = folder.appending("cadangan/pengingat.sqlite")
        let summary = try await store.backup(to: target)
        try await writer.value
        #expect(summary.households == RosterFixture.households.count)
        #expect(summary.messages >= first.count && summary.messages <= first.count + 1000)
        #expect(summary.messages % 50 == 0, "a commit is in the copy whole or not at all")
        #expect(summary.bytes > 0)

        // Restoring is opening the copy: it migrates (nothing to do) and reads the same data.
        let restored = try SQLiteStore(path: target, logger: Logger(label: "test"))
        #expect(try await restored.outboxMessage(key: "b-199")?.text == first[199].text)
        #expect(try await restored.household(id: RosterFixture.households[0].id, in: .everything) != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appending("cadangan")).filter { $0.hasSuffix(".partial") }.isEmpty)

        let error = await #expect(throws: StoreError.self) { try await store.backup(to: "/proc/pengingat/tidak-bisa.sqlite") }
        #expect(error?.explanation.isEmpty == false)
    }
}
