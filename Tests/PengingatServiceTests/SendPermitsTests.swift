import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import Synchronization
import PengingatTestSupport
import Testing

/// A gateway that holds every request until the test opens it, and remembers how many it held
/// at once.
final class HoldingGateway: Gateway, Sendable {
    let name = "sms"
    private struct State {
        var open = false
        var inFlight = 0
        var most = 0
        var held: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())
    let arrivals: AsyncStream<Void>
    private let arrived: AsyncStream<Void>.Continuation

    init() { (arrivals, arrived) = AsyncStream.makeStream() }

    var mostAtOnce: Int { state.withLock { $0.most } }

    func open() {
        let held = state.withLock { state in
            state.open = true
            defer { state.held = [] }
            return state.held
        }
        for request in held { request.resume() }
    }

    func send(_ message: GatewayMessage) async -> GatewayResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let goOn = state.withLock { state in
                state.inFlight += 1
                state.most = max(state.most, state.inFlight)
                if state.open { return true }
                state.held.append(continuation)
                return false
            }
            arrived.yield()
            if goOn { continuation.resume() }
        }
        state.withLock { $0.inFlight -= 1 }
        return GatewayResult(outcome: .accepted(providerID: nil), httpStatus: 200, latency: 0.001, error: nil)
    }
}

@Suite("Requests at the gateways are bounded by the concurrency, not by the tasks")
struct SendPermitsTests {
    @Test("with concurrency 2, never more than 2 requests at the gateway, though more messages are claimed and running")
    func bounded() async throws {
        let messages = (0..<6).map { OutboxFixture.message("m\($0)", due: -7, phone: "08123456789\($0)") }
        let store = try await DispatcherTests().setUp(messages)
        let gateway = HoldingGateway()
        let clock = TestClock(DispatcherTests.start)
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: ["sms"], breakerFailures: 3, breakerCoolDown: 60),
            configuration: .init(concurrency: 2, channels: [.sms: ["sms"]], maxMessagesPerPhonePerDay: 10),
            logger: Logger(label: "test"), now: { clock.now })
        async let drained = dispatcher.drain()
        // Two requests reach the gateway and are held there; then everything may go.
        var seen = 0
        for await _ in gateway.arrivals {
            seen += 1
            if seen == 2 { break }
        }
        gateway.open()
        #expect(try await drained.accepted == 6)
        #expect(gateway.mostAtOnce == 2)
    }
}
