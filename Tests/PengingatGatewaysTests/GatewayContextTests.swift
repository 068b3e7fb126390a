import Foundation
import PengingatGateways
import Synchronization
import Testing

/// A gateway's `timeout_seconds` reaches every request it sends.
@Suite("Gateway context")
struct GatewayContextTests {
    final class Recorder: HTTPTransport {
        let timeouts = Mutex<[TimeInterval?]>([])
        func send(_ request: HTTPRequest) async throws(CurlError) -> HTTPResponse {
            timeouts.withLock { $0.append(request.timeout) }
            return HTTPResponse(status: 200)
        }
        func send(_ mail: MailRequest) async throws(CurlError) -> MailResponse { MailResponse(code: 250) }
    }

    @Test("timeout_seconds limits each request that names no limit of its own")
    func timeout() async throws {
        let recorder = Recorder()
        let limited = try GatewayContext(environment: [:], callbackBaseURL: nil, callbackSecret: "", transport: recorder, timeout: 8)
            .transport()
        _ = try await limited.send(HTTPRequest(url: "http://127.0.0.1/"))
        _ = try await limited.send(HTTPRequest(url: "http://127.0.0.1/", timeout: 2))
        let unlimited = try GatewayContext(environment: [:], callbackBaseURL: nil, callbackSecret: "", transport: recorder).transport()
        _ = try await unlimited.send(HTTPRequest(url: "http://127.0.0.1/"))
        #expect(recorder.timeouts.withLock { $0 } == [8, 2, nil])
    }
}
