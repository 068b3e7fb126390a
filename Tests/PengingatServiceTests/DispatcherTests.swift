import Foundation
import Logging
import MetricsTestKit
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTestSupport
import Synchronization
import Testing

/// A gateway that answers from a script, beside the real ones: for the dispatcher's own
/// decisions (backoff, failover, breaker, caps), which do not depend on the wire.
final class ScriptedGateway: Gateway, Sendable {
    let name: String
    private let script: Mutex<[GatewayResult.Outcome]>
    private let sentTexts = Mutex<[String]>([])

    init(_ name: String, _ script: [GatewayResult.Outcome]) {
        self.name = name
        self.script = Mutex(script)
    }

    func send(_ message: GatewayMessage) async -> GatewayResult {
        sentTexts.withLock { $0.append(message.text) }
        let outcome = script.withLock { script -> GatewayResult.Outcome in
            script.count > 1 ? script.removeFirst() : (script.first ?? .accepted(providerID: nil))
        }
        let status: Int? = switch outcome {
        case .accepted: 200
        case .retryable: nil
        case .permanent, .notReachableHere: 400
        }
        return GatewayResult(outcome: outcome, httpStatus: status, latency: 0.001, error: "\(outcome)")
    }

    var texts: [String] { sentTexts.withLock { $0 } }
}

@Suite("Dispatcher decisions")
struct DispatcherTests {
    static let start = OutboxFixture.base.addingTimeInterval(-6 * 3600)

    func setUp(_ messages: [OutboxMessage]) async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            groups: [Group(id: "G1", name: "G", facilitatorID: "F1", kelurahan: "K", rw: "01", zone: .wib,
                           schedule: try! MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula")],
            households: [Household(id: "H1", caregiverName: "Ani", phone: try? PhoneNumber(parsing: "081234567890"), groupID: "G1")]))
        _ = try await store.commit(messages, source: "planner", groupID: "G1", window: OutboxFixture.window, stale: [], at: OutboxFixture.window.start)
        return store
    }

    func dispatcher(_ store: SQLiteStore, _ gateways: [any Gateway], channels: [Household.Channel: [String]], clock: TestClock,
                    maxAttempts: Int = 4, cap: Int = 5, breakerFailures: Int = 3) -> Dispatcher {
        Dispatcher(
            store: store,
            gateways: GatewayRegistry(gateways: gateways, smsGateways: ["sms"], breakerFailures: breakerFailures, breakerCoolDown: 60),
            configuration: .init(concurrency: 4, maxAttempts: maxAttempts, backoffInitial: 10, backoffMax: 40, channels: channels,
                                 maxMessagesPerPhonePerDay: cap),
            logger: Logger(label: "test"), now: { clock.now })
    }

    @Test("an outcome the store refuses for good ends the drain with the store's error, not a hang")
    func refusedOutcomeEndsDrain() async throws {
        let messages = (0..<12).map { OutboxFixture.message("m\($0)", due: -7, phone: "0812345678\(10 + $0)") }
        let store = try await setUp(messages)
        // Not a passing outage (locked, busy, full): a constraint, which waiting does not cure.
        try await store.database.writer.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_m5 BEFORE UPDATE OF state ON outbox WHEN NEW.key = 'm5' AND NEW.state = 'accepted'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        let clock = TestClock(Self.start)
        let sms = ScriptedGateway("sms", [.accepted(providerID: nil)])
        let error = await #expect(throws: StoreError.self) {
            try await dispatcher(store, [sms], channels: [.sms: ["sms"]], clock: clock).drain()
        }
        #expect(error?.isTransient == false)
        #expect(error?.detail.contains("refused") == true, "\(String(describing: error))")
        // m5 was sent but its outcome never stored: it stays claimed until its lease ends.
        #expect(try await store.outboxMessage(key: "m5")?.state == .sending)
    }

    @Test("every outcome is counted by status and gateway, with the gateway's latency; unused series stand at zero")
    func metrics() async throws {
        let messages = (0..<3).map { OutboxFixture.message("m\($0)", due: -7, phone: "0812345678\(10 + $0)") }
        let store = try await setUp(messages + [OutboxFixture.message("bad", due: -7, phone: "081234567899")])
        let clock = TestClock(Self.start)
        let sms = ScriptedGateway("sms", [.accepted(providerID: nil), .accepted(providerID: nil), .accepted(providerID: nil), .permanent])
        let spare = ScriptedGateway("spare", [])
        let factory = TestMetrics()
        let dispatcher = Dispatcher(
            store: store,
            gateways: GatewayRegistry(gateways: [sms, spare], smsGateways: ["sms", "spare"], breakerFailures: 3, breakerCoolDown: 60),
            configuration: .init(concurrency: 1, maxAttempts: 4, backoffInitial: 10, backoffMax: 40, channels: [.sms: ["sms"]],
                                 maxMessagesPerPhonePerDay: 5),
            logger: Logger(label: "test"), now: { clock.now }, metricsFactory: factory)
        _ = try await dispatcher.drain()
        func total(_ status: String, _ gateway: String) throws -> Int64 {
            try factory.expectCounter("pengingat_messages_total", [("status", status), ("gateway", gateway)]).totalValue
        }
        #expect(try total("accepted", "sms") == 3)
        #expect(try total("failed", "sms") == 1)
        #expect(try total("retry", "sms") == 0)
        #expect(try total("accepted", "spare") == 0)
        let latency = try factory.expectTimer("pengingat_send_latency_seconds", [("gateway", "sms")])
        #expect(latency.values == Array(repeating: 1_000_000, count: 4))  // the script's 1 ms, in nanoseconds
    }

    @Test("retryable failures back off exponentially within bounds, then succeed")
    func backoff() async throws {
        let store = try await setUp([OutboxFixture.message("m1", due: -7)])
        let clock = TestClock(Self.start)
        let sms = ScriptedGateway("sms", [.retryable(retryAfter: nil), .retryable(retryAfter: nil), .accepted(providerID: "p")])
        let dispatcher = dispatcher(store, [sms], channels: [.sms: ["sms"]], clock: clock)
        var waits: [TimeInterval] = []
        for _ in 0..<3 {
            _ = try await dispatcher.drain()
            if let next = try await store.nextDue() {
                waits.append(next.timeIntervalSince(clock.now))
                // Onto a whole second: retry times are stored rounded up to the second.
                clock.advance(next.timeIntervalSince(clock.now) + 1)
            }
        }
        #expect(try await store.outboxMessage(key: "m1")?.state == .accepted)
        #expect(sms.texts.count == 3)
        #expect(waits.count == 2)
        // Attempt 1 waits 10 s × [0.5, 1], attempt 2 waits 20 s × [0.5, 1] (jitter), each
        // rounded up to the second from a clock standing on a whole second.
        #expect((5...10).contains(waits[0]))
        #expect((10...20).contains(waits[1]))
    }

    @Test("Retry-After is honoured, and a retry that would be late expires instead")
    func retryAfterAndExpiry() async throws {
        let store = try await setUp([
            OutboxFixture.message("m1", due: -7),
            OutboxFixture.message("late", due: -7, phone: "081234567891", expires: Self.start.addingTimeInterval(5)),
        ])
        let clock = TestClock(Self.start)
        let sms = ScriptedGateway("sms", [.retryable(retryAfter: 300)])
        _ = try await dispatcher(store, [sms], channels: [.sms: ["sms"]], clock: clock).drain()
        let next = try #require(try await store.nextDue())
        #expect(next.timeIntervalSince(clock.now) >= 299)
        #expect(try await store.outboxMessage(key: "late")?.state == .expired)
    }

    @Test("a bounded number of attempts, then a readable permanent failure")
    func maxAttempts() async throws {
        let store = try await setUp([OutboxFixture.message("m1", due: -7)])
        let clock = TestClock(Self.start)
        let sms = ScriptedGateway("sms", [.retryable(retryAfter: nil)])
        let dispatcher = dispatcher(store, [sms], channels: [.sms: ["sms"]], clock: clock, maxAttempts: 3)
        for _ in 0..<5 {
            _ = try await dispatcher.drain()
            clock.advance(60)
        }
        #expect(try await store.outboxMessage(key: "m1")?.state == .failed)
        #expect(sms.texts.count == 3)
        let attempts = try await store.deliveryLog(DeliveryLogFilter()).filter { $0.event == .attempt }
        #expect(attempts.count == 3)
        #expect(attempts.allSatisfy { $0.error != nil })
    }

    @Test("not on WhatsApp: the message moves on to SMS, with SMS-safe text")
    func failover() async throws {
        let store = try await setUp([OutboxFixture.message("m1", due: -7, text: "Ibu’s jadwal – besok", channel: .whatsapp)])
        let clock = TestClock(Self.start)
        let whatsapp = ScriptedGateway("whatsapp", [.notReachableHere])
        let sms = ScriptedGateway("sms", [.accepted(providerID: nil)])
        _ = try await dispatcher(store, [whatsapp, sms], channels: [.whatsapp: ["whatsapp", "sms"]], clock: clock).drain()
        #expect(try await store.outboxMessage(key: "m1")?.state == .accepted)
        #expect(try await store.outboxMessage(key: "m1")?.gateway == "sms")
        #expect(whatsapp.texts == ["Ibu’s jadwal – besok"])
        #expect(sms.texts == ["Ibu's jadwal - besok"])
        let attempts = try await store.deliveryLog(DeliveryLogFilter()).filter { $0.event == .attempt }.map(\.gateway)
        #expect(attempts == ["whatsapp", "sms"])
    }

    @Test("a dead gateway's circuit opens: later messages skip it and go to the next one")
    func circuitBreaker() async throws {
        let messages = (1...6).map { OutboxFixture.message("m\($0)", due: -7, phone: "08123456789\($0)") }
        let store = try await setUp(messages)
        let clock = TestClock(Self.start)
        let primary = ScriptedGateway("primary", [.retryable(retryAfter: nil)])
        let backup = ScriptedGateway("sms", [.accepted(providerID: nil)])
        let dispatcher = Dispatcher(
            store: store,
            gateways: GatewayRegistry(gateways: [primary, backup], smsGateways: ["sms", "primary"], breakerFailures: 3, breakerCoolDown: 60),
            configuration: .init(concurrency: 1, backoffInitial: 10, channels: [.sms: ["primary", "sms"]]),
            logger: Logger(label: "test"), now: { clock.now })
        _ = try await dispatcher.drain()
        for message in messages { #expect(try await store.outboxMessage(key: message.key)?.state == .accepted) }
        // Three failures open the circuit; the other three messages never try the dead gateway.
        #expect(primary.texts.count == 3)
        #expect(backup.texts.count == 6)
    }

    @Test("the daily cap per phone holds a message until tomorrow; opted-out households get nothing")
    func capAndOptOut() async throws {
        let later = OutboxFixture.base.addingTimeInterval(86_400 * 2)
        let store = try await setUp(["m1", "m2", "m3"].map { OutboxFixture.message($0, due: -7, expires: later) })
        let clock = TestClock(Self.start)
        let sms = ScriptedGateway("sms", [.accepted(providerID: nil)])
        _ = try await dispatcher(store, [sms], channels: [.sms: ["sms"]], clock: clock, cap: 2).drain()
        #expect(sms.texts.count == 2)
        let held = try await [store.outboxMessage(key: "m1"), store.outboxMessage(key: "m2"), store.outboxMessage(key: "m3")]
            .filter { $0?.state == .queued }
        #expect(held.count == 1)
        // Held until 07.00 WIB tomorrow.
        let tomorrow = LocalDateTime(date: CalendarDate(year: 2026, month: 12, day: 9)!, time: TimeOfDay(hour: 7, minute: 0)!)
        #expect(try await store.nextDue() == tomorrow.instant(in: .wib))

        let optedOut = try await setUp([OutboxFixture.message("m1", due: -7)])
        _ = try await optedOut.recordConsent(.optedOut, householdID: "H1")
        let silent = ScriptedGateway("sms", [.accepted(providerID: nil)])
        _ = try await dispatcher(optedOut, [silent], channels: [.sms: ["sms"]], clock: clock).drain()
        #expect(silent.texts.isEmpty)
        #expect(try await optedOut.outboxMessage(key: "m1")?.state == .optedOut)
    }
}
