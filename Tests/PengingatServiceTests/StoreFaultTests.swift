import Foundation
import GRDB
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PostgresNIO
import Synchronization
import PengingatTestSupport
import Testing
import _ConnectionPoolModule

/// A gateway that accepts everything and remembers which message ids it was given.
final class RecordingGateway: Gateway, Sendable {
    let name: String
    private let ids = Mutex<[String]>([])

    init(_ name: String = "sms") { self.name = name }

    func send(_ message: GatewayMessage) async -> GatewayResult {
        ids.withLock { $0.append(message.id) }
        return GatewayResult(outcome: .accepted(providerID: nil), httpStatus: 200, latency: 0.001, error: nil)
    }

    var received: [String] { ids.withLock { $0 } }
}

/// Log lines as text, to check what an operator is told.
final class CapturedLog: LogHandler, @unchecked Sendable {
    // Invariant: `stored` is touched only under `lock`.
    private let lock = NSLock()
    private var stored: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var lines: [String] { lock.withLock { stored } }
    var logger: Logger { Logger(label: "test") { _ in self } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lock.withLock { stored.append("\(event.level) \(event.message) " + fields.joined(separator: " ")) }
    }
}

/// The SQLite file locked by another process, or the disk full: the dispatcher says so, waits,
/// and carries on by itself once the store answers again; nothing lost, nothing sent twice,
/// the file intact.
@Suite("Faults: the store under the dispatcher", .serialized, .timeLimit(.minutes(5)))
struct StoreFaultTests {
    static let start = OutboxFixture.base.addingTimeInterval(-6 * 3600)

    /// A SQLite store that gives up waiting for a lock after 0.1 s instead of 10 s.
    static func impatientStore() throws -> (store: SQLiteStore, path: String) {
        let folder = NSTemporaryDirectory() + "pengingat-fault-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/pengingat.sqlite"
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(0.1)
        let pool = try DatabasePool(path: path, configuration: configuration)
        return (SQLiteStore(database: try AppDatabase(writer: pool, path: path), path: path, logger: Logger(label: "test")), path)
    }

    static func seed(_ store: SQLiteStore, count: Int) async throws -> [String] {
        _ = try await store.apply(RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            groups: [Group(id: "G1", name: "G", facilitatorID: "F1", kelurahan: "K", rw: "01", zone: .wib,
                           schedule: try MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula")],
            households: [Household(id: "H1", caregiverName: "Ani", phone: try? PhoneNumber(parsing: "081234567890"), groupID: "G1")]))
        let messages = (0..<count).map { index in
            OutboxFixture.message("fault-\(index)", due: -7, phone: "0812\(String(format: "%08d", 20_000_000 + index))")
        }
        _ = try await store.commit(messages, source: "planner", groupID: "G1", window: OutboxFixture.window, stale: [], at: OutboxFixture.window.start)
        return messages.map(\.key)
    }

    static func dispatcher(_ store: SQLiteStore, _ gateway: RecordingGateway, logger: Logger) -> Dispatcher {
        Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: ["sms"]),
            configuration: .init(concurrency: 8, pollInterval: 0.1, channels: [.sms: ["sms"]], maxMessagesPerPhonePerDay: 5),
            logger: logger, now: { Self.start })
    }

    static func checkEverythingAcceptedOnce(_ keys: [String], store: SQLiteStore, gateway: RecordingGateway) async throws {
        #expect(gateway.received.sorted() == keys.sorted(), "each message sent exactly once")
        for key in keys { #expect(try await store.outboxMessage(key: key)?.state == .accepted, "\(key)") }
        let accepted = try await store.deliveryLog(DeliveryLogFilter(state: .accepted, limit: 10_000)).filter { $0.toState == .accepted }
        #expect(accepted.count == keys.count)
        let integrity = try await store.database.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
    }

    @Test("a store error says whether waiting helps: busy, locked and full do; a corrupt file does not")
    func transientClassification() throws {
        func sqlite(_ code: Int32) -> StoreError {
            StoreError(operation: .write, path: "x.sqlite", underlying: DatabaseError(resultCode: ResultCode(rawValue: code)))
        }
        #expect(sqlite(5).isTransient && sqlite(5).code == "DB05")
        #expect(sqlite(6).isTransient)
        #expect(sqlite(13).isTransient && sqlite(13).code == "DB13")
        #expect(!sqlite(11).isTransient && sqlite(11).code == "DB11")
        #expect(!sqlite(8).isTransient)
        #expect(!StoreError(operation: .read, path: "x", detail: "no such table").isTransient)
    }

    @Test("PostgresClient's pool: a request given up with its task or a stopped client is a shutdown; no connection for a minute is an outage")
    func poolErrorClassification() {
        func pool(_ error: ConnectionPoolError) -> StoreError { StoreError(operation: .read, path: "postgres://x", underlying: error) }
        #expect(pool(.requestCancelled).isCancellation && !pool(.requestCancelled).isTransient)
        #expect(pool(.poolShutdown).isCancellation && !pool(.poolShutdown).isTransient)
        #expect(pool(.connectionCreationCircuitBreakerTripped).isTransient && !pool(.connectionCreationCircuitBreakerTripped).isCancellation)
    }

    @Test("a database another process holds locked: the dispatcher waits, says so once, and sends everything after")
    func lockedDatabase() async throws {
        let (store, path) = try Self.impatientStore()
        let keys = try await Self.seed(store, count: 30)
        let log = CapturedLog()
        let gateway = RecordingGateway()
        let dispatcher = Self.dispatcher(store, gateway, logger: log.logger)

        // Another process (an import, a copy tool) holds the write lock until the test lets go.
        let locked = Mutex(false)
        let release = Mutex(false)
        let holder = try DatabaseQueue(path: path)
        let lockTask = Task.detached {
            try holder.inTransaction(.exclusive) { _ in
                locked.withLock { $0 = true }
                while !release.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.05) }
                return .commit
            }
        }
        try await waitUntil { locked.withLock { $0 } }
        let running = Task { try await dispatcher.run() }
        // The dispatcher has met the lock once it says the store is unavailable.
        try await waitUntil { log.lines.contains { $0.contains("store unavailable") } }
        #expect(gateway.received.isEmpty, "nothing can be claimed while the file is locked")
        release.withLock { $0 = true }
        try await lockTask.value
        try await waitUntil { gateway.received.count >= keys.count }
        // Let the last outcomes land, then stop the service as a SIGTERM would.
        try await waitUntil {
            try await store.deliveryLog(DeliveryLogFilter(state: .accepted, limit: 10_000)).filter { $0.toState == .accepted }.count == keys.count
        }
        running.cancel()
        try await running.value  // it did not stop with an error on its own
        try await Self.checkEverythingAcceptedOnce(keys, store: store, gateway: gateway)
        let lines = log.lines
        #expect(lines.filter { $0.contains("store unavailable") }.count == 1, "\(lines)")
        #expect(lines.contains { $0.contains("store unavailable") && $0.contains("error.code=DB05") })
        #expect(lines.contains { $0.contains("store available again") })
    }

    @Test("a full disk: the dispatcher waits with DB13, nothing half-written; it carries on when space returns")
    func fullDisk() async throws {
        let (store, _) = try Self.impatientStore()
        let keys = try await Self.seed(store, count: 200)
        // The disk is full: SQLite may not grow the file by a single page.
        try await store.database.writer.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let log = CapturedLog()
        let gateway = RecordingGateway()
        let dispatcher = Self.dispatcher(store, gateway, logger: log.logger)
        let running = Task { try await dispatcher.run() }
        try await waitUntil { log.lines.contains { $0.contains("error.code=DB13") } }
        let sentWhileFull = gateway.received.count
        #expect(sentWhileFull < keys.count)
        try await Task.sleep(for: .milliseconds(500))
        // Space again.
        try await store.database.writer.write { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        try await waitUntil {
            try await store.deliveryLog(DeliveryLogFilter(state: .accepted, limit: 10_000)).filter { $0.toState == .accepted }.count == keys.count
        }
        running.cancel()
        try await running.value
        try await Self.checkEverythingAcceptedOnce(keys, store: store, gateway: gateway)
        #expect(log.lines.contains { $0.contains("store available again") })
    }

    @Test("a short drain gives up on a store that stays locked, with the store's error")
    func drainGivesUp() async throws {
        let (store, path) = try Self.impatientStore()
        _ = try await Self.seed(store, count: 3)
        let gateway = RecordingGateway()
        let dispatcher = Self.dispatcher(store, gateway, logger: Logger(label: "test"))
        let holder = try DatabaseQueue(path: path)
        let locked = Mutex(false)
        let release = Mutex(false)
        let lockTask = Task.detached {
            try holder.inTransaction(.exclusive) { _ in
                locked.withLock { $0 = true }
                while !release.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.05) }
                return .commit
            }
        }
        try await waitUntil { locked.withLock { $0 } }
        let error = await #expect(throws: StoreError.self) { try await dispatcher.drain(outageLimit: 1.5) }
        #expect(error?.code == "DB05")
        release.withLock { $0 = true }
        try await lockTask.value
        #expect(gateway.received.isEmpty)
    }
}

/// PostgreSQL dropping the dispatcher's connections again and again (what a server restart or
/// a failover looks like from the client): the dispatcher carries on by itself.
@Suite("Faults: PostgreSQL connections dropped under the dispatcher", .timeLimit(.minutes(5)),
       .enabled(if: ProcessInfo.processInfo.environment["PENGINGAT_TEST_POSTGRES_URL"].map { !$0.isEmpty } ?? false))
struct PostgresOutageTests {
    static let base = ProcessInfo.processInfo.environment["PENGINGAT_TEST_POSTGRES_URL"] ?? ""

    static func adminConnection(database: String) async throws -> PostgresConnection {
        let components = try #require(URLComponents(string: base))
        return try await PostgresConnection.connect(
            configuration: .init(host: try #require(components.host), port: components.port ?? 5432,
                                 username: components.user ?? "postgres", password: components.password, database: database,
                                 tls: .disable),
            id: 1, logger: Logger(label: "test"))
    }

    @Test("every connection of the store terminated three times mid-dispatch: the dispatcher carries on, nothing is lost")
    func terminatedConnections() async throws {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await Self.adminConnection(database: "postgres")
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Logger(label: "test"))
        var components = try #require(URLComponents(string: Self.base))
        components.path = "/" + name
        let store = try await PostgresStore.open(url: try #require(components.string), logger: Logger(label: "test"))
        _ = try await store.apply(RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            groups: [Group(id: "G1", name: "G", facilitatorID: "F1", kelurahan: "K", rw: "01", zone: .wib,
                           schedule: try MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula")],
            households: [Household(id: "H1", caregiverName: "Ani", phone: try? PhoneNumber(parsing: "081234567890"), groupID: "G1")]))
        let messages = (0..<300).map { index in
            OutboxFixture.message("pg-\(index)", due: -7, phone: "0812\(String(format: "%08d", 40_000_000 + index))")
        }
        _ = try await store.commit(messages, source: "planner", groupID: "G1", window: OutboxFixture.window, stale: [], at: OutboxFixture.window.start)
        let keys = messages.map(\.key)

        let log = CapturedLog()
        let gateway = RecordingGateway()
        // A clock that runs, and short leases: a claim whose answer was lost with its
        // connection comes back after its lease, as in production.
        let started = Date()
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: ["sms"]),
            configuration: .init(concurrency: 8, lease: 3, pollInterval: 0.1, channels: [.sms: ["sms"]], maxMessagesPerPhonePerDay: 5),
            logger: log.logger, now: { StoreFaultTests.start.addingTimeInterval(Date().timeIntervalSince(started)) })
        let running = Task { try await dispatcher.run() }
        var terminated = 0
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(150))
            terminated += try await admin.query(PostgresQuery(unsafeSQL: """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()
                """), logger: Logger(label: "test")).collect().count
        }
        #expect(terminated > 0, "the store's connections were cut")
        try await waitUntil {
            // This read may be handed a connection the last termination is closing (the pool
            // drops it only once it has closed): not done yet, like any outage.
            do {
                return try await store.deliveryLog(DeliveryLogFilter(state: .accepted, limit: 10_000))
                    .filter { $0.toState == .accepted }.count == keys.count
            } catch let error as StoreError where error.isTransient {
                return false
            }
        }
        running.cancel()
        try await running.value  // it never stopped with an error of its own
        #expect(Set(gateway.received) == Set(keys), "every message sent")
        // A message is sent twice only when its outcome could not be written down before its
        // lease ended; the dispatcher says so each time.
        let unrecorded = log.lines.filter { $0.contains("outcome not recorded") }.count
        #expect(gateway.received.count - keys.count <= unrecorded, "\(gateway.received.count - keys.count) duplicates")
        for key in keys { #expect(try await store.outboxMessage(key: key)?.state == .accepted, "\(key)") }
        #expect(!log.lines.contains { $0.contains("store unavailable") } || log.lines.contains { $0.contains("store available again") })
        await store.close()
        try await admin.close()
    }
}
