import Foundation
import Logging
import PengingatGateways
import Testing

/// The fault-injecting sink behaves as `Support/test_sink.py` documents: the dispatcher's
/// tests rely on it too.
@Suite("test sink", .timeLimit(.minutes(1)))
struct TestSinkTests {
    @Test("a script answers per message id in order, /_down refuses service until /_up, /_reset forgets")
    func scriptDownAndReset() async throws {
        let transport = CurlTransportTests.transport()
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await transport.send(HTTPRequest(url: sink.url("/send?id=m1&script=500,429,200&retry_after=7"))).status)
            }
            #expect(statuses == [500, 429, 200, 200])
            // Another id has its own count; headers work as well as the query.
            let other = try await transport.send(
                HTTPRequest(url: sink.url("/send"), headers: [("X-Sink-Id", "m2"), ("X-Sink-Script", "503,200")]))
            #expect(other.status == 503)

            try await sink.control("/_down", via: transport)
            do throws(CurlError) {
                _ = try await transport.send(HTTPRequest(url: sink.url()))
                Issue.record("the sink answered while down")
            } catch {
                #expect(error.isConnectionFailure, "\(error)")
            }
            try await sink.control("/_up", via: transport)
            let back = try await transport.send(HTTPRequest(url: sink.url()))
            #expect(back.status == 200)

            let records = try await sink.records(via: transport)
            #expect(records.map(\.outcome).suffix(2).contains("refused"))
            #expect(records.filter { $0.params["id"] == "m1" }.map(\.outcome) == ["500", "429", "200", "200"])

            try await sink.control("/_reset", via: transport)
            #expect(try await sink.records(via: transport).isEmpty)
            let fresh = try await transport.send(HTTPRequest(url: sink.url("/send?id=m1&script=500,200")))
            #expect(fresh.status == 500)
            #expect(try await transport.send(HTTPRequest(url: sink.url())).text == #"{"ok":true,"id":"1"}"#)
        }
    }
}
