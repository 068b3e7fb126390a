import Foundation
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTestSupport
import Testing

@Suite("Sending waits for the delivery-report listener")
struct ListenerReadinessTests {
    struct PortTaken: Error, Equatable {}

    @Test("waiters before and after open go on; a failure reaches every waiter; a cancelled waiter stops")
    func gate() async throws {
        let readiness = ListenerReadiness()
        async let early: Void = readiness.wait()
        readiness.open()
        try await early
        try await readiness.wait()

        let failing = ListenerReadiness()
        failing.fail(PortTaken())
        await #expect(throws: PortTaken.self) { try await failing.wait() }

        let never = ListenerReadiness()
        let waiting = Task { try await never.wait() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test("a listener that cannot come up stops the drain before anything is sent")
    func noSendWithoutListener() async throws {
        let store = try await DispatcherTests().setUp([OutboxFixture.message("m1", due: -7)])
        let sms = ScriptedGateway("sms", [.accepted(providerID: "p")])
        let readiness = ListenerReadiness()
        readiness.fail(PortTaken())
        let clock = TestClock(DispatcherTests.start)
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [sms], smsGateways: ["sms"], breakerFailures: 3, breakerCoolDown: 60),
            configuration: .init(concurrency: 4, channels: [.sms: ["sms"]]), logger: .init(label: "test"), now: { clock.now },
            reportListener: readiness)
        await #expect(throws: PortTaken.self) { _ = try await dispatcher.drain() }
        #expect(sms.texts.isEmpty)
        #expect(try await store.outboxMessage(key: "m1")?.state == .queued)

        let ready = ListenerReadiness()
        ready.open()
        let sending = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [sms], smsGateways: ["sms"], breakerFailures: 3, breakerCoolDown: 60),
            configuration: .init(concurrency: 4, channels: [.sms: ["sms"]]), logger: .init(label: "test"), now: { clock.now },
            reportListener: ready)
        #expect(try await sending.drain().accepted == 1)
        #expect(sms.texts.count == 1)
    }
}
