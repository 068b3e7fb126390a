import Testing

@testable import PengingatGateways

@Suite("Connections to a host open in waves")
struct ConnectionRampTests {
    @Test("eight at first, one more for each new connection that answered, never past the limit")
    func ramp() {
        var ramp = ConnectionRamp(limit: 10)
        #expect(ramp.allowed == 8)
        // Answers on connections already open say nothing about the gateway's room for more.
        #expect(ramp.answered(onNewConnection: false) == nil)
        #expect(ramp.answered(onNewConnection: true) == 9)
        #expect(ramp.answered(onNewConnection: true) == 10)
        #expect(ramp.answered(onNewConnection: true) == nil)
        #expect(ramp.allowed == 10)
    }

    @Test("a limit below eight is the allowance from the start")
    func smallLimit() {
        var ramp = ConnectionRamp(limit: 3)
        #expect(ramp.allowed == 3)
        #expect(ramp.answered(onNewConnection: true) == nil)
        #expect(ConnectionRamp(limit: 0).allowed == 1)
    }
}
