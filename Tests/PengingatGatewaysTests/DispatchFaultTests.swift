import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTestSupport
import ServiceLifecycle
import Testing

/// The dispatcher against the fault-injecting sink over real HTTP: every message ends
/// delivered or with a readable permanent failure, none is lost, none is sent twice by one
/// dispatcher, retries respect the backoff and Retry-After.
///
/// The dispatcher runs on a clock the test moves, so a retry becomes due because the test
/// says so, not because enough wall time passed; a sink that must not answer holds its answer
/// (`hold=1`). Nothing here depends on how fast the machine is; the time limit only ends a hang.
@Suite("Dispatch under faults", .timeLimit(.minutes(5)))
struct DispatchFaultTests {
    /// For the tests' own reads of the sink, and for gateways that should get their answers.
    static let transport = try! CurlTransport(logger: Logger(label: "test"))

    static func messages(_ prefix: String, count: Int, now: Date) -> [OutboxMessage] {
        (0..<count).map { index in
            OutboxMessage(
                key: "\(prefix)-\(index)", source: "test", phone: try! PhoneNumber(parsing: "0812\(String(format: "%08d", 10_000_000 + index))"),
                channel: .sms, language: .indonesian, groupID: "G1", dueAt: now.addingTimeInterval(-1),
                expiresAt: now.addingTimeInterval(600), priority: 5, text: "Pesan \(index)", segments: 1, encoding: "GSM-7", items: [])
        }
    }

    /// Drains until every message is final or accepted, moving the dispatcher's clock on to
    /// the next retry whenever nothing is due.
    static func run(
        _ messages: [OutboxMessage], url: String, maxAttempts: Int = 5, transport: CurlTransport = transport
    ) async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try await store.commit(messages, source: "test", groupID: "G1", window: DateInterval(start: .distantPast, duration: 1), stale: [], at: .distantPast)
        let clock = TestClock(messages.map(\.dueAt).max() ?? Date())
        let dispatcher = dispatcher(
            store, url: url, clock: clock, transport: transport,
            configuration: .init(concurrency: 16, maxAttempts: maxAttempts, backoffInitial: 0.2, backoffMax: 1,
                                 channels: [.sms: ["http"]], maxMessagesPerPhonePerDay: 100))
        while true {
            _ = try await dispatcher.drain()
            let states = try await messages.asyncMap { try await store.outboxMessage(key: $0.key)?.state }
            if states.allSatisfy({ $0?.isFinal == true || $0 == .accepted }) { break }
            let next = try #require(try await store.nextDue(), "a message is neither final nor due: \(states)")
            clock.advance(to: next.addingTimeInterval(1))
        }
        return store
    }

    static func dispatcher(
        _ store: SQLiteStore, url: String, clock: TestClock, transport: CurlTransport = transport,
        configuration: Dispatcher.Configuration
    ) -> Dispatcher {
        let gateway = HTTPGateway(configuration: .init(method: .post, url: url, body: "text={{text|url}}"), transport: transport)
        return Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: ["http"], breakerFailures: 1000),
            configuration: configuration, logger: Logger(label: "test"), now: { clock.now })
    }

    @Test("500s then success: every message accepted exactly once")
    func serverErrors() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let messages = Self.messages("e500", count: 30, now: Date())
            let store = try await Self.run(messages, url: sink.url("/send?id={{id|url}}&script=500,500,200"))
            for message in messages {
                #expect(try await store.outboxMessage(key: message.key)?.state == .accepted, "\(message.key)")
            }
            let records = try await sink.records(via: Self.transport)
            let accepted = Dictionary(grouping: records.filter { $0.outcome == "200" }, by: { $0.params["id"] ?? "" })
            #expect(accepted.count == messages.count)
            #expect(accepted.values.allSatisfy { $0.count == 1 }, "a message was sent twice")
            #expect(records.count == messages.count * 3)
            let log = try await store.deliveryLog(DeliveryLogFilter(limit: 10_000))
            #expect(log.filter { $0.event == .attempt }.count == messages.count * 3)
        }
    }

    @Test("429 with Retry-After: the next attempt waits at least that long")
    func retryAfter() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let messages = Self.messages("r429", count: 3, now: Date())
            let store = try SQLiteStore.inMemory()
            _ = try await store.commit(messages, source: "test", groupID: "G1", window: DateInterval(start: .distantPast, duration: 1), stale: [], at: .distantPast)
            let clock = TestClock(messages.map(\.dueAt).max()!)
            let dispatcher = Self.dispatcher(
                store, url: sink.url("/send?id={{id|url}}&script=429,200&retry_after=2"), clock: clock,
                // The backoff alone would allow a retry after 0.1 s: only Retry-After holds it back.
                configuration: .init(maxAttempts: 5, backoffInitial: 0.2, backoffMax: 0.2, channels: [.sms: ["http"]],
                                     maxMessagesPerPhonePerDay: 100))
            _ = try await dispatcher.drain()
            #expect(try await sink.records(via: Self.transport).count == 3)
            let next = try #require(try await store.nextDue())
            #expect(next.timeIntervalSince(clock.now) >= 2)

            // A second later nothing is due yet, so nothing is sent.
            clock.advance(1)
            _ = try await dispatcher.drain()
            #expect(try await sink.records(via: Self.transport).count == 3)

            clock.advance(to: next)
            _ = try await dispatcher.drain()
            let records = try await sink.records(via: Self.transport)
            for message in messages {
                #expect(try await store.outboxMessage(key: message.key)?.state == .accepted)
                #expect(records.filter { $0.params["id"] == message.key }.map(\.outcome) == ["429", "200"])
            }
        }
    }

    @Test("timeouts and connection resets end in a readable permanent failure after the allowed attempts")
    func timeoutsAndResets() async throws {
        try await withServer(try TestServer.sink()) { sink in
            // The sink holds its answers until released: only the transport's limit ends each wait.
            let impatient = try CurlTransport(
                configuration: CurlTransportConfiguration(connectTimeout: 1, totalTimeout: 1), logger: Logger(label: "test"))
            defer { impatient.shutdown() }
            let slow = Self.messages("slow", count: 2, now: Date())
            let slowStore = try await Self.run(slow, url: sink.url("/send?hold=1"), maxAttempts: 2, transport: impatient)
            try await sink.control("/_release", via: Self.transport)
            let reset = Self.messages("reset", count: 2, now: Date())
            let resetStore = try await Self.run(reset, url: sink.url("/send?reset=1"), maxAttempts: 3)
            for message in slow { #expect(try await slowStore.outboxMessage(key: message.key)?.state == .failed) }
            for message in reset { #expect(try await resetStore.outboxMessage(key: message.key)?.state == .failed) }
            let slowErrors = try await slowStore.deliveryLog(DeliveryLogFilter()).filter { $0.event == .attempt }.compactMap(\.error)
            #expect(slowErrors.count == 4)
            #expect(slowErrors.allSatisfy { $0.contains("curl 28") }, "\(slowErrors)")
            let resetAttempts = try await resetStore.deliveryLog(DeliveryLogFilter()).filter { $0.event == .attempt }
            #expect(resetAttempts.count == 6)
            #expect(resetAttempts.allSatisfy { $0.error?.hasPrefix("curl") == true })
        }
    }

    @Test("a gateway answering garbage or a cut-off answer: a readable retryable error, then each message accepted once")
    func garbageAnswers() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let messages = Self.messages("junk", count: 20, now: Date())
            let store = try await Self.run(messages, url: sink.url("/send?id={{id|url}}&script=garbage,truncated,200"))
            let records = try await sink.records(via: Self.transport)
            for message in messages {
                #expect(try await store.outboxMessage(key: message.key)?.state == .accepted, "\(message.key)")
                #expect(records.filter { $0.params["id"] == message.key }.map(\.outcome) == ["garbage", "truncated", "200"])
            }
            let attempts = try await store.deliveryLog(DeliveryLogFilter(limit: 10_000)).filter { $0.event == .attempt }
            #expect(attempts.count == messages.count * 3)
            // curl names what was wrong: a reply that is not HTTP (8), or a partial body (18).
            let errors = attempts.compactMap(\.error)
            #expect(errors.filter { $0.hasPrefix("curl") }.count == messages.count * 2, "\(errors.prefix(4))")
            #expect(attempts.allSatisfy { $0.httpStatus == nil || $0.httpStatus == 200 })
        }
    }

    @Test("a sink that is down, then up: nothing is lost")
    func downThenUp() async throws {
        try await withServer(try TestServer.sink()) { sink in
            try await sink.control("/_down", via: Self.transport)
            let messages = Self.messages("down", count: 10, now: Date())
            let store = try SQLiteStore.inMemory()
            _ = try await store.commit(messages, source: "test", groupID: "G1", window: DateInterval(start: .distantPast, duration: 1), stale: [], at: .distantPast)
            let clock = TestClock(messages.map(\.dueAt).max()!)
            let dispatcher = Self.dispatcher(
                store, url: sink.url("/send?id={{id|url}}"), clock: clock,
                configuration: .init(maxAttempts: 10, backoffInitial: 3, backoffMax: 3, channels: [.sms: ["http"]],
                                     maxMessagesPerPhonePerDay: 100))
            // The clock stands still: every message fails once and waits for its retry.
            _ = try await dispatcher.drain()
            for message in messages { #expect(try await store.outboxMessage(key: message.key)?.state == .queued) }
            // Each was tried and refused (curl may try a dropped reused connection once more).
            let refused = try await sink.records(via: Self.transport)
            #expect(Set(refused.compactMap { $0.params["id"] }) == Set(messages.map(\.key)))
            #expect(refused.allSatisfy { $0.outcome == "refused" })
            try await sink.control("/_reset", via: Self.transport)
            try await sink.control("/_up", via: Self.transport)
            while try await messages.asyncMap({ try await store.outboxMessage(key: $0.key)?.state }).contains(where: { $0 != .accepted }) {
                let next = try #require(try await store.nextDue())
                clock.advance(to: next.addingTimeInterval(1))
                _ = try await dispatcher.drain()
            }
            let served = try await sink.records(via: Self.transport).filter { $0.outcome == "200" }
            #expect(Set(served.compactMap { $0.params["id"] }).count == messages.count)
            #expect(served.count == messages.count)
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

/// A real gateway that also says when each of its sends starts, so a test can act on that
/// event instead of on elapsed time.
struct StartSignallingGateway: Gateway {
    let wrapped: any Gateway
    let started: AsyncStream<Void>.Continuation
    var name: String { wrapped.name }

    func send(_ message: GatewayMessage) async -> GatewayResult {
        started.yield()
        return await wrapped.send(message)
    }
}

@Suite("Dispatch shutdown", .timeLimit(.minutes(5)))
struct DispatchShutdownTests {
    @Test("graceful shutdown: claiming stops, sends in flight finish, nothing is left claimed or sent twice")
    func gracefulShutdown() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let messages = DispatchFaultTests.messages("stop", count: 20, now: Date())
            let store = try SQLiteStore.inMemory()
            _ = try await store.commit(messages, source: "test", groupID: "G1", window: DateInterval(start: .distantPast, duration: 1), stale: [], at: .distantPast)
            let (starts, started) = AsyncStream<Void>.makeStream()
            let transport = try CurlTransport(logger: Logger(label: "test"))
            defer { transport.shutdown() }
            // The sink holds every answer until the test releases it: the first round of sends is
            // still in flight when the stop is heard, however slow the machine.
            let gateway = StartSignallingGateway(
                wrapped: HTTPGateway(configuration: .init(url: sink.url("/send?id={{id|url}}&hold=1")), transport: transport),
                started: started)
            let log = LogCapture()
            let dispatcher = Dispatcher(
                store: store, gateways: GatewayRegistry(gateways: [gateway]),
                configuration: .init(concurrency: 4, channels: [.sms: ["http"]], maxMessagesPerPhonePerDay: 100),
                logger: Logger(label: "test", factory: { _ in log }))
            let group = ServiceGroup(configuration: .init(services: [.init(service: dispatcher)], logger: Logger(label: "test")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var begun = 0
                for await _ in starts {
                    begun += 1
                    if begun == 4 { break }
                }
                await group.triggerGracefulShutdown()
                // Released only once the dispatcher has said it heard the stop.
                try await waitUntil { log.lines.contains { $0.contains("stopping: sends in flight finish") } }
                try await sink.control("/_release", via: DispatchFaultTests.transport)
                try await tasks.waitForAll()
            }
            let states = try await messages.asyncMap { try await store.outboxMessage(key: $0.key)?.state }
            #expect(!states.contains(.sending))
            // Exactly the four in flight finished; nothing else was sent.
            #expect(states.filter { $0 == .accepted }.count == 4)
            #expect(states.filter { $0 == .queued }.count == messages.count - 4)
            let served = try await sink.records(via: DispatchFaultTests.transport).compactMap { $0.params["id"] }
            #expect(served.count == 4)
            #expect(Set(served).count == 4)
        }
    }
}
