import Testing

@testable import PengingatGateways

@Suite("Connections to a host open in waves")
struct ConnectionRampTests {
    @Test("eight at first, one more for each new connection that answered, never past the limit")
    func ramp() {
        var ramp = ConnectionRamp(limit: 10)
        #expect(ramp.allowed == 8)
        // Answers on connections already open say nothing about the gateway's room for more.
        ramp.answered(onNewConnection: false)
        #expect(ramp.allowed == 8)
        ramp.answered(onNewConnection: true)
        #expect(ramp.allowed == 9)
        ramp.answered(onNewConnection: true)
        #expect(ramp.allowed == 10)
        ramp.answered(onNewConnection: true)
        #expect(ramp.allowed == 10)
    }

    @Test("after a pause: eight again, then answers on connections still open take it back to where it was, no further")
    func restart() {
        var ramp = ConnectionRamp(limit: 64)
        for _ in 0..<4 { ramp.answered(onNewConnection: true) }
        #expect(ramp.allowed == 12)
        ramp.restart()
        #expect(ramp.allowed == 8)
        // Were these to count for nothing, connections that outlived the pause would keep it at eight.
        for _ in 0..<10 { ramp.answered(onNewConnection: false) }
        #expect(ramp.allowed == 12)
        ramp.answered(onNewConnection: true)
        #expect(ramp.allowed == 13)
    }

    @Test("a limit below eight is the allowance from the start")
    func smallLimit() {
        var ramp = ConnectionRamp(limit: 3)
        #expect(ramp.allowed == 3)
        ramp.answered(onNewConnection: true)
        #expect(ramp.allowed == 3)
        #expect(ConnectionRamp(limit: 0).allowed == 1)
    }
}

@Suite("Transfers wait for their own host's allowance")
struct HostAdmissionTests {
    static let second: UInt64 = 1_000_000_000

    @Test("eight start at once; the ninth waits; an answer on a new connection lets two go, a reused one one")
    func waves() {
        var admission = HostAdmission<Int>(limit: 64, idleResetNanoseconds: 5 * Self.second)
        let started = (0..<10).compactMap { admission.admit($0, host: "http://kannel:13013", now: 0) }
        #expect(started == Array(0..<8))
        #expect(admission.waitingCount == 2)
        // A slot freed and the allowance one higher: both waiting transfers go, in their order.
        #expect(admission.finished(host: "http://kannel:13013", .answered(onNewConnection: true), now: 1) == [8, 9])
        #expect(admission.allowed(host: "http://kannel:13013") == 9)
        #expect(admission.admit(10, host: "http://kannel:13013", now: 2) == nil)
        #expect(admission.finished(host: "http://kannel:13013", .answered(onNewConnection: false), now: 3) == [10])
        #expect(admission.allowed(host: "http://kannel:13013") == 9)
    }

    @Test("a host grown to its limit does not open another host's connections all at once")
    func hostsApart() {
        var admission = HostAdmission<Int>(limit: 16, idleResetNanoseconds: 5 * Self.second)
        for index in 0..<8 { _ = admission.admit(index, host: "http://fast", now: 0) }
        for _ in 0..<8 { _ = admission.finished(host: "http://fast", .answered(onNewConnection: true), now: 1) }
        #expect(admission.allowed(host: "http://fast") == 16)
        let cold = (0..<16).compactMap { admission.admit($0, host: "http://kannel", now: 2) }
        #expect(cold.count == 8)
        let warm = (0..<16).compactMap { admission.admit($0, host: "http://fast", now: 2) }
        #expect(warm.count == 16)
    }

    @Test("a host idle for longer than the reset starts from eight again; a shorter pause keeps its allowance")
    func idleReset() {
        var admission = HostAdmission<Int>(limit: 64, idleResetNanoseconds: 5 * Self.second)
        for index in 0..<8 { _ = admission.admit(index, host: "h", now: 0) }
        for _ in 0..<8 { _ = admission.finished(host: "h", .answered(onNewConnection: true), now: Self.second) }
        #expect(admission.allowed(host: "h") == 16)
        _ = admission.admit(0, host: "h", now: 5 * Self.second)  // four seconds idle
        #expect(admission.allowed(host: "h") == 16)
        _ = admission.finished(host: "h", .answered(onNewConnection: false), now: 5 * Self.second)
        _ = admission.admit(0, host: "h", now: 11 * Self.second)  // six seconds idle
        #expect(admission.allowed(host: "h") == 8)
        // A failed transfer says nothing about the server's room; an answer on an open connection does.
        _ = admission.finished(host: "h", .unanswered, now: 11 * Self.second)
        #expect(admission.allowed(host: "h") == 8)
        _ = admission.admit(0, host: "h", now: 11 * Self.second)
        _ = admission.finished(host: "h", .answered(onNewConnection: false), now: 11 * Self.second)
        #expect(admission.allowed(host: "h") == 9)
    }

    @Test("a cancelled waiting transfer leaves the queue; shutting down takes every waiting one")
    func removal() {
        var admission = HostAdmission<Int>(limit: 1, idleResetNanoseconds: Self.second)
        #expect(admission.admit(1, host: "a", now: 0) == 1)
        #expect(admission.admit(2, host: "a", now: 0) == nil)
        #expect(admission.admit(3, host: "a", now: 0) == nil)
        #expect(admission.admit(4, host: "b", now: 0) == 4)
        #expect(admission.admit(5, host: "b", now: 0) == nil)
        #expect(admission.removeWaiting { $0 == 3 } == 3)
        #expect(admission.removeWaiting { $0 == 3 } == nil)
        #expect(admission.waitingCount == 2)
        #expect(admission.finished(host: "a", .answered(onNewConnection: false), now: 0) == [2])
        #expect(admission.removeAllWaiting() == [5])
        #expect(admission.waitingCount == 0)
    }

    @Test("the connection key is the URL up to its path: scheme, credentials, host and port")
    func connectionKey() {
        #expect(CurlSubmission.connectionKey(of: "http://127.0.0.1:13013/cgi-bin/sendsms?to=%2B62812") == "http://127.0.0.1:13013")
        #expect(CurlSubmission.connectionKey(of: "https://graph.facebook.com/v21.0/123/messages") == "https://graph.facebook.com")
        #expect(CurlSubmission.connectionKey(of: "http://user:pw@sms.example?x=1") == "http://user:pw@sms.example")
        #expect(CurlSubmission.connectionKey(of: "smtp://mail.example.org:587") == "smtp://mail.example.org:587")
        #expect(CurlSubmission.connectionKey(of: "http://a:8080#frag") == "http://a:8080")
    }
}
