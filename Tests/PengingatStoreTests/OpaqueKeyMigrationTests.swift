import Foundation
import GRDB
import Logging
import PengingatCore
import PengingatOutbox
import PengingatStore
import PostgresNIO
import PengingatTestSupport
import Testing

/// Migration v12 on a database that has planned messages with the phone in their keys, sent
/// and reported: the keys become opaque everywhere, nothing of the history is lost, and the old
/// keys still find their messages.
@Suite("Opaque message keys: upgrading a database")
struct OpaqueKeyMigrationTests {
    static let migration = "v12 opaque message keys"
    static let base = Date(timeIntervalSince1970: 1_796_695_200)  // 8 December 2026 09.00 WIB
    static let window = DateInterval(start: base.addingTimeInterval(-86_400 * 3), duration: 86_400 * 10)
    static let legacyKeys = ["plan/KLP-01/+6281234567890/2026-12-08", "plan/KLP-01/+6281299998888/2026-12-08"]

    /// An upgradeable database: one store, and a way to take it back to before v12.
    struct Backend: Sendable {
        let open: @Sendable () async throws -> any PengingatStore
        let close: @Sendable (any PengingatStore) async -> Void
        /// Removes what v12 made and its record, as if the database was last opened before it.
        let unapplyV12: @Sendable () async throws -> Void
    }

    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        static var available: [Kind] { PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
        var testDescription: String { rawValue }

        func backend() async throws -> Backend {
            switch self {
            case .sqlite:
                let path = try TemporaryFolder.make().appending("pengingat.sqlite")
                return Backend(
                    open: { try SQLiteStore(path: path, logger: Logger(label: "test")) },
                    close: { _ in },
                    unapplyV12: {
                        let queue = try DatabaseQueue(path: path)
                        try await queue.write { db in
                            try db.execute(sql: "DROP TABLE store_secrets")
                            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [migration])
                        }
                        try queue.close()
                    })
            case .postgres:
                let url = try await PostgresTestServer.freshDatabaseURL()
                return Backend(
                    open: { try await PostgresStore.open(url: url, logger: Logger(label: "test")) },
                    close: { await ($0 as? PostgresStore)?.close() },
                    unapplyV12: {
                        let connection = try await PostgresTestServer.connect(to: url)
                        try await connection.query("DROP TABLE store_secrets", logger: Logger(label: "test"))
                        try await connection.query("DELETE FROM schema_migrations WHERE name = \(migration)", logger: Logger(label: "test"))
                        try await connection.close()
                    })
            }
        }
    }

    static func message(_ key: String, phone: String, text: String = "Ibu Ani, besok P2K2.") -> OutboxMessage {
        OutboxMessage(
            key: key, source: "planner", phone: try! PhoneNumber(parsing: phone), channel: .sms, language: .indonesian,
            groupID: "KLP-01", dueAt: base.addingTimeInterval(-3600), expiresAt: base, priority: 5, text: text,
            segments: 1, encoding: "GSM-7",
            items: [OutboxItem(key: "h-1/" + phone, householdID: "H-\(phone.suffix(4))", eventKey: "KLP-01/2026-12",
                               eventAt: base, kind: "p2k2-reminder-day-before")])
    }

    @Test("keys with phones become opaque in the outbox, its items and the log; old keys still find their messages; replanning changes nothing",
          arguments: Kind.available)
    func upgrade(kind: Kind) async throws {
        let backend = try await kind.backend()
        var store = try await backend.open()
        let phones = ["+6281234567890", "+6281299998888"]
        let messages = zip(Self.legacyKeys, phones).map { Self.message($0, phone: $1) }
        _ = try await store.commit(messages, source: "planner", groupID: "KLP-01", window: Self.window, stale: [], at: Self.window.start)
        // The first is sent and accepted (claim and attempt lines in the log); the second waits.
        let now = Self.base.addingTimeInterval(-1800)
        let claimed = try await store.claim(now: now, limit: 1, owner: "A", leaseUntil: now.addingTimeInterval(60))
        #expect(claimed.map(\.key) == [Self.legacyKeys[0]])
        _ = try await store.finishAttempt(AttemptRecord(key: Self.legacyKeys[0], owner: "A", gateway: "kannel", at: now,
                                                        httpStatus: 202, latency: 0, error: nil, consequence: .accepted(providerID: nil)))
        let logBefore = try await store.deliveryLog(DeliveryLogFilter(limit: 1000))
        #expect(logBefore.contains { $0.messageKey == Self.legacyKeys[0] })
        await backend.close(store)

        try await backend.unapplyV12()
        store = try await backend.open()
        let secret = try await store.messageKeySecret()
        let newKeys = Self.legacyKeys.map { PlanMessageKey.current($0, secret: secret) }
        #expect(newKeys[0] == PlanMessageKey.make(group: "KLP-01", phone: phones[0], day: "2026-12-08", secret: secret))

        // No key anywhere holds a phone number; the history is all there, under the new key.
        let stored = try await store.outboxMessages(dueIn: Self.window, groupID: nil)
        #expect(Set(stored.map(\.key)) == Set(newKeys))
        #expect(stored.allSatisfy { key in !key.key.contains("+62") && !phones.contains { key.key.contains($0.dropFirst(3)) } })
        #expect(stored.flatMap(\.items).count == 2)
        let logAfter = try await store.deliveryLog(DeliveryLogFilter(limit: 1000))
        #expect(logAfter.count == logBefore.count)
        #expect(logAfter.allSatisfy { !$0.messageKey.contains("+62") })
        #expect(logAfter.map(\.messageKey).sorted() == logBefore.map { PlanMessageKey.current($0.messageKey, secret: secret) }.sorted())
        #expect(try await store.outboxMessage(key: newKeys[0])?.state == .accepted)

        // A report still on its way with the old key (Kannel's dlr-url) finds the message;
        // so do an operator's command and a page link with the old key.
        let outcome = try await store.applyReport(DeliveryReport(match: .key(Self.legacyKeys[0]), state: .delivered, at: now,
                                                                 detail: "kannel DLR 1"))
        #expect(outcome == .applied(from: .accepted))
        #expect(try await store.outboxMessage(key: Self.legacyKeys[0])?.state == .delivered)
        #expect(try await store.setState(.cancelled, forMessage: Self.legacyKeys[1], at: now))
        #expect(try await store.outboxMessage(key: newKeys[1])?.state == .cancelled)

        // The planner names the same messages the same way: committing them again under their
        // new keys inserts nothing.
        let replanned = zip(newKeys, phones).map { Self.message($0, phone: $1) }
        let summary = try await store.commit(replanned, source: "planner", groupID: "KLP-01", window: Self.window, stale: [],
                                             at: Self.window.start)
        #expect(summary.inserted == 0)
        #expect(try await store.outboxMessages(dueIn: Self.window, groupID: nil).count == 2)
        await backend.close(store)

        // Opening again migrates nothing twice and keeps the secret.
        store = try await backend.open()
        #expect(try await store.messageKeySecret() == secret)
        await backend.close(store)
    }
}
