import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTestSupport
import Testing

/// What only the shared store has to get right: several processes on one database.
@Suite("PostgreSQL store", .enabled(if: PostgresTestServer.url != nil, "make test starts a PostgreSQL cluster; swift test alone does not"))
struct PostgresStoreTests {
    static let base = OutboxContractTests.base

    static func messages(_ count: Int) -> [OutboxMessage] {
        (0..<count).map { index in
            OutboxMessage(
                key: "m-\(String(format: "%04d", index))", source: "planner",
                phone: try! PhoneNumber(parsing: "0812\(String(format: "%08d", 10_000_000 + index))"), channel: .sms,
                language: .indonesian, groupID: "G1", dueAt: base.addingTimeInterval(-60), expiresAt: base.addingTimeInterval(3600),
                priority: index % 3, text: "Pesan \(index)", segments: 1, encoding: "GSM-7", items: [])
        }
    }

    @Test("dispatchers on separate connections claim disjoint sets that together are the whole outbox")
    func disjointClaims() async throws {
        let url = try await PostgresTestServer.freshDatabaseURL()
        let stores = try await (0..<4).asyncMap { _ in try await PostgresStore.open(url: url, maxConnections: 2, logger: Logger(label: "test")) }
        _ = try await stores[0].commit(Self.messages(400), source: "planner", groupID: nil,
                                       window: DateInterval(start: Self.base, duration: 0), stale: [], at: Self.base)
        let claims = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var keys: [String] = []
                    while true {
                        let batch = try await store.claim(now: Self.base, limit: 7, owner: "d\(index)",
                                                          leaseUntil: Self.base.addingTimeInterval(300))
                        if batch.isEmpty { return keys }
                        keys += batch.map(\.key)
                    }
                }
            }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        let all = claims.flatMap { $0 }
        #expect(all.count == 400, "every message claimed once")
        #expect(Set(all).count == all.count, "no message claimed twice")
        #expect(claims.filter { !$0.isEmpty }.count > 1, "the claimers really ran side by side")
        // Once their lease ends, another dispatcher may take them back, and only then.
        #expect(try await stores[1].claim(now: Self.base.addingTimeInterval(299), limit: 500, owner: "late",
                                          leaseUntil: Self.base.addingTimeInterval(900)).isEmpty)
        let reclaimed = try await stores[1].claim(now: Self.base.addingTimeInterval(301), limit: 500, owner: "late",
                                                  leaseUntil: Self.base.addingTimeInterval(900))
        #expect(reclaimed.count == 400)
        for store in stores { await store.close() }
    }

    @Test("two planners committing the same plan at once leave each message once")
    func concurrentPlans() async throws {
        let url = try await PostgresTestServer.freshDatabaseURL()
        let first = try await PostgresStore.open(url: url, logger: Logger(label: "test"))
        let second = try await PostgresStore.open(url: url, logger: Logger(label: "test"))
        let plan = Self.messages(300)
        let window = DateInterval(start: Self.base.addingTimeInterval(-3600), duration: 7200)
        async let a = first.commit(plan, source: "planner", groupID: nil, window: window, stale: [], at: window.start)
        async let b = second.commit(plan, source: "planner", groupID: nil, window: window, stale: [], at: window.start)
        let summaries = try await [a, b]
        #expect(summaries.map(\.inserted).reduce(0, +) == 300, "each message inserted by exactly one of them")
        #expect(summaries.map(\.withdrawn).reduce(0, +) == 0)
        let stored = try await first.outboxMessages(dueIn: window, groupID: nil)
        #expect(stored.count == 300 && Set(stored.map(\.key)) == Set(plan.map(\.key)))
        await first.close()
        await second.close()
    }

    @Test("processes starting together migrate the same database once")
    func concurrentMigration() async throws {
        let url = try await PostgresTestServer.freshDatabaseURL()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<3 { group.addTask { try await PostgresStore.open(url: url, logger: Logger(label: "test")) } }
            return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
        }
        #expect(stores.count == 3)
        #expect(try await stores[0].facilitators().isEmpty)
        for store in stores { await store.close() }
    }

    @Test("two dispatchers on separate connections claiming for one phone at once stay within its daily cap")
    func capAcrossDispatchers() async throws {
        let url = try await PostgresTestServer.freshDatabaseURL()
        let stores = try await (0..<2).asyncMap { _ in try await PostgresStore.open(url: url, maxConnections: 2, logger: Logger(label: "test")) }
        let phone = try PhoneNumber(parsing: "081234567890")
        let messages = Self.messages(40).map { message in
            OutboxMessage(key: message.key, source: "planner", phone: phone, channel: .sms, language: .indonesian, groupID: "G1",
                          dueAt: message.dueAt, expiresAt: Self.base.addingTimeInterval(86_400 * 2), priority: 1, text: message.text,
                          segments: 1, encoding: "GSM-7", items: [])
        }
        _ = try await stores[0].commit(messages, source: "planner", groupID: nil,
                                       window: DateInterval(start: Self.base, duration: 0), stale: [], at: Self.base)
        // Each dispatcher claims one message at a time, as fast as it can, and the gateway
        // accepts everything: only the store's count can hold them back.
        let sent = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var accepted = 0
                    for _ in 0..<30 {
                        let batch = try await store.claim(ClaimRequest(
                            now: Self.base, limit: 1, owner: "d\(index)", leaseUntil: Self.base.addingTimeInterval(60), phoneCap: 3))
                        for message in batch.messages {
                            let finished = try await store.finishAttempt(AttemptRecord(
                                key: message.key, owner: "d\(index)", gateway: "sms", at: Self.base, httpStatus: 200, latency: 0,
                                error: nil, consequence: .accepted(providerID: nil)))
                            if finished { accepted += 1 }
                        }
                    }
                    return accepted
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(sent == 3)
        #expect(try await stores[0].phoneDaySends(phone, on: Self.base) == 3)
        let states = try await stores[0].outboxMessages(dueIn: DateInterval(start: Self.base.addingTimeInterval(-3600), duration: 7200),
                                                        groupID: nil).map(\.state)
        #expect(states.filter { $0 == .accepted }.count == 3)
        #expect(states.filter { $0 == .queued }.count == 37, "the rest wait for tomorrow morning")
        for store in stores { await store.close() }
    }

    @Test("a wrong address or an unreachable server is a clear store error, without the password")
    func badAddress() async throws {
        #expect(throws: StoreError.self) { try PostgresStore(url: "mysql://x@localhost/db", logger: Logger(label: "test")) }
        // Opening migrates on a connection of its own, so it fails at once rather than after
        // the pool's attempts to connect.
        do {
            let unreachable = try await PostgresStore.open(url: "postgres://pengingat:rahasia@127.0.0.1:1/none", logger: Logger(label: "test"))
            await unreachable.close()
            Issue.record("opening a store on an unreachable server succeeded")
        } catch {
            #expect(error.code == "DB00")
            #expect(error.explanation.contains("127.0.0.1:1") && !error.explanation.contains("rahasia"))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
