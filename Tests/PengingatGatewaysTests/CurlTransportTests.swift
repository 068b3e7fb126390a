import CCurl
import Foundation
import Logging
@testable import PengingatGateways
import PengingatTestSupport
import Testing

/// `CurlTransport` against the Python sinks in `Support/`, each test with its own server.
@Suite("CurlTransport against a local sink", .timeLimit(.minutes(1)))
struct CurlTransportTests {
    static func transport(_ configuration: CurlTransportConfiguration = CurlTransportConfiguration()) -> CurlTransport {
        try! CurlTransport(configuration: configuration, logger: Logger(label: "test.curl", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func code(_ code: CURLcode) -> Int32 { Int32(bitPattern: code.rawValue) }

    /// Runs `body` and returns what it threw (nil when it did not).
    ///
    /// No test here bounds how long anything takes: a sink that must not answer holds its
    /// answer until the test releases it (`hold=1`), so a timeout, a cancellation or a shutdown
    /// is told apart from an answer by the error alone, on a machine of any speed.
    static func failure<T>(_ body: @autoclosure () async throws(CurlError) -> T) async -> CurlError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }

    /// Waits until the sink has seen `count` requests; the suite's time limit is the only bound.
    static func waitForRequests(_ count: Int, at sink: TestServer, via transport: CurlTransport) async throws {
        try await waitUntil(polling: .milliseconds(20)) { try await sink.records(via: transport).count >= count }
    }

    // MARK: - Requests arrive as sent

    @Test("a GET and a POST arrive with exactly their headers and body; the next request reuses the connection")
    func getAndPostArriveExactly() async throws {
        let transport = Self.transport()
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let get = try await transport.send(
                HTTPRequest(url: sink.url("/send?to=6281234567890&text=Halo%20Bu"), headers: [("X-Trace", "abc 123")]))
            #expect(get.status == 200)
            #expect(get.text == #"{"ok":true,"id":"1"}"#)
            #expect(get.header("Content-Type") == "application/json")
            #expect(get.header("content-length") == "20")
            #expect(get.headers.allSatisfy { $0.name == $0.name.lowercased() })
            #expect(get.totalTime > 0)
            #expect(!get.reusedConnection)

            let text = "{\"pesan\":\"Halo Bu Siti — posyandu besok 🙂\",\"baris\":\"a\\nb\"}"
            let post = try await transport.send(
                HTTPRequest(
                    method: .post, url: sink.url("/send/json"),
                    headers: [("Content-Type", "application/json; charset=utf-8"), ("Idempotency-Key", "m-42")],
                    body: Data(text.utf8)))
            #expect(post.status == 200)
            #expect(post.text == #"{"ok":true,"id":"2"}"#)
            #expect(post.reusedConnection)

            let put = try await transport.send(HTTPRequest(method: .put, url: sink.url("/send/put"), body: nil))
            #expect(put.status == 200)

            let records = try await sink.records(via: transport)
            try #require(records.count == 3)
            let (first, second, third) = (records[0], records[1], records[2])
            #expect(first.method == "GET")
            #expect(first.path == "/send")
            #expect(first.query == "to=6281234567890&text=Halo%20Bu")
            #expect(first.params["text"] == "Halo Bu")
            #expect(first.headers["x-trace"] == "abc 123")
            #expect(first.headers["user-agent"] == "Pengingat/0.1")
            #expect(first.headers["content-length"] == nil)
            #expect(first.body.isEmpty)

            #expect(second.method == "POST")
            #expect(second.path == "/send/json")
            #expect(second.body == text)
            #expect(second.headers["content-type"] == "application/json; charset=utf-8")
            #expect(second.headers["idempotency-key"] == "m-42")
            #expect(second.headers["content-length"] == String(Data(text.utf8).count))
            #expect(second.headers["expect"] == nil)

            #expect(third.method == "PUT")
            #expect(third.headers["content-length"] == "0")
            // One connection for all three (and for the /_requests read).
            #expect(Set(records.map(\.clientPort)).count == 1)
        }
    }

    @Test("a header with a line break is refused before anything is sent")
    func headerInjectionIsRefused() async throws {
        let transport = Self.transport()
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let error = await Self.failure(try await transport.send(HTTPRequest(url: sink.url(), headers: [("X-A", "b\r\nX-Injected: 1")])))
            #expect(error?.code == Self.code(CURLE_BAD_FUNCTION_ARGUMENT))
            #expect(try await sink.records(via: transport).isEmpty)
        }
    }

    @Test("basic auth arrives as the right Authorization header")
    func basicAuth() async throws {
        let transport = Self.transport()
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let response = try await transport.send(
                HTTPRequest(method: .post, url: sink.url(), body: Data("x=1".utf8), basicAuth: ("AC123", "rahasia:tok€n")))
            #expect(response.status == 200)
            let record = try #require(try await sink.records(via: transport).first)
            let expected = "Basic " + Data("AC123:rahasia:tok€n".utf8).base64EncodedString()
            #expect(record.headers["authorization"] == expected)
        }
    }

    @Test("a 429 is an answer, and its Retry-After is readable")
    func retryAfterIsReadable() async throws {
        let transport = Self.transport()
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let response = try await transport.send(HTTPRequest(url: sink.url("/send?fail=429&retry_after=2")))
            #expect(response.status == 429)
            #expect(response.header("Retry-After") == "2")
            #expect(response.header("retry-after") == "2")
            #expect(!response.isSuccess)
            let failed = try await transport.send(HTTPRequest(url: sink.url("/send?fail=500")))
            #expect(failed.status == 500)
            #expect(failed.header("Retry-After") == nil)
            let custom = try await transport.send(HTTPRequest(url: sink.url("/send?status=201&body=diterima")))
            #expect(custom.status == 201)
            #expect(custom.text == "diterima")
        }
    }

    // MARK: - Many at once

    @Test("each host's connections open in waves: after eight answered, sixteen reach that host at once, a new host's eight")
    func connectionsOpenInWavesPerHost() async throws {
        // No idle reset within the test, however slowly the machine runs it.
        let transport = Self.transport(CurlTransportConfiguration(maxConnectionsPerHost: 32, connectionRampIdleReset: 3600))
        defer { transport.shutdown() }
        // The sinks are read and released through a transport of their own: the held requests may
        // fill every connection the first one has.
        let observer = Self.transport()
        defer { observer.shutdown() }
        /// Starts `count` held requests to `sink` at once; the task group's statuses.
        func send(_ count: Int, to sink: TestServer, in group: inout ThrowingTaskGroup<Int, any Error>, round: Int) {
            for index in 0..<count {
                let url = sink.url("/send?hold=1&round=\(round)&n=\(index)")
                group.addTask { try await transport.send(HTTPRequest(url: url)).status }
            }
        }
        func ports(at sink: TestServer, round: Int) async throws -> Set<Int> {
            Set(try await sink.records(via: observer).filter { $0.query.contains("round=\(round)&") }.map(\.clientPort))
        }
        try await withServer(try TestServer.sink()) { grown in
            try await withServer(try TestServer.sink()) { cold in
                // Eight new connections to the first host, the allowance of a cold host; each answered.
                try await withThrowingTaskGroup(of: Int.self) { group in
                    send(8, to: grown, in: &group, round: 1)
                    try await waitUntil(polling: .milliseconds(20)) { try await grown.records(via: observer).count == 8 }
                    try await grown.control("/_release", via: observer)
                    #expect(try await group.reduce(into: []) { $0.append($1) } == Array(repeating: 200, count: 8))
                }
                #expect(try await ports(at: grown, round: 1).count == 8)
                // Sixteen held requests to another host: eight reach it, eight wait on the curl thread.
                // (With one allowance for every host, all sixteen would reach it and the wait never end.)
                try await withThrowingTaskGroup(of: Int.self) { group in
                    send(16, to: cold, in: &group, round: 2)
                    try await waitUntil(polling: .milliseconds(20)) {
                        try await cold.records(via: observer).count >= 8 && transport.waitingForConnection == 8
                    }
                    #expect(try await cold.records(via: observer).count == 8)
                    try await cold.control("/_release", via: observer)
                    #expect(try await group.reduce(into: []) { $0.append($1) } == Array(repeating: 200, count: 16))
                }
                #expect(transport.waitingForConnection == 0)
                // The first host kept what it grew to: sixteen held requests each get a connection.
                // (Stuck at eight, this round would wait for ever and the suite's time limit would end it.)
                try await grown.control("/_hold", via: observer)
                try await withThrowingTaskGroup(of: Int.self) { group in
                    send(16, to: grown, in: &group, round: 3)
                    try await waitUntil(polling: .milliseconds(20)) { try await ports(at: grown, round: 3).count == 16 }
                    try await grown.control("/_release", via: observer)
                    #expect(try await group.reduce(into: []) { $0.append($1) } == Array(repeating: 200, count: 16))
                }
            }
        }
    }

    @Test("a request held back for its host's allowance counts the wait in its timeout; a cancelled one never leaves")
    func heldBackRequests() async throws {
        let transport = Self.transport(CurlTransportConfiguration(totalTimeout: 600, maxConnectionsPerHost: 1))
        defer { transport.shutdown() }
        let observer = Self.transport()
        defer { observer.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            // One allowed connection, held; behind it a request whose own limit cannot outlast the
            // hold (the test releases only after it failed), and one cancelled while it waits.
            let (first, timedURL, cancelledURL) = (sink.url("/send?hold=1&n=first"), sink.url("/send?n=timed"), sink.url("/send?n=cancelled"))
            let holding = Task { try await transport.send(HTTPRequest(url: first)).status }
            try await waitUntil(polling: .milliseconds(20)) { try await sink.records(via: observer).count == 1 }
            let timed = Task { await Self.failure(try await transport.send(HTTPRequest(url: timedURL, timeout: 0.2))) }
            let cancelled = Task { await Self.failure(try await transport.send(HTTPRequest(url: cancelledURL))) }
            try await waitUntil(polling: .milliseconds(20)) { transport.waitingForConnection == 2 }
            cancelled.cancel()
            #expect(try await cancelled.value?.isCancelled == true)
            // The timed request is still held back when its limit runs out: the first one holds the
            // only connection until the release, after more than the limit (a sleep only ever lasts
            // longer on a slow machine). It fails as timed out without being sent.
            try await Task.sleep(for: .milliseconds(400))
            try await sink.control("/_release", via: observer)
            #expect(try await holding.value == 200)
            let timedOut = try await timed.value
            #expect(timedOut?.code == Self.code(CURLE_OPERATION_TIMEDOUT))
            let paths = try await sink.records(via: observer).map(\.query)
            #expect(!paths.contains { $0.contains("n=cancelled") || $0.contains("n=timed") })
        }
    }

    @Test("200 parallel requests all complete over a handful of reused connections")
    func parallelRequestsReuseConnections() async throws {
        let transport = Self.transport(CurlTransportConfiguration(maxConnectionsPerHost: 8))
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let base = sink.url("/send")
            let results = await withTaskGroup(of: (Int, Result<HTTPResponse, CurlError>).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        do throws(CurlError) {
                            let response = try await transport.send(
                                HTTPRequest(method: .post, url: "\(base)?n=\(index)", body: Data("pesan \(index)".utf8)))
                            return (index, .success(response))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var all: [(Int, Result<HTTPResponse, CurlError>)] = []
                for await result in group { all.append(result) }
                return all
            }
            let responses = results.compactMap { try? $0.1.get() }
            #expect(responses.count == 200, "failures: \(results.compactMap { if case .failure(let e) = $0.1 { e } else { nil } }.prefix(3))")
            #expect(responses.allSatisfy { $0.status == 200 })
            // Every answer is a distinct default answer: nothing was sent twice or lost.
            #expect(Set(responses.map(\.text)).count == 200)

            let records = try await sink.records(via: transport).filter { $0.path == "/send" }
            #expect(records.count == 200)
            #expect(Set(records.map { $0.params["n"] ?? "" }).count == 200)
            #expect(records.allSatisfy { $0.body == "pesan \($0.params["n"] ?? "")" })
            let ports = Set(records.map(\.clientPort))
            #expect(ports.count <= 8, "\(ports.count) connections for 200 requests")
            #expect(responses.filter(\.reusedConnection).count >= 192)
        }
    }

    // MARK: - Failures

    @Test("a server that does not answer in time gives CURLE_OPERATION_TIMEDOUT")
    func timeout() async throws {
        try await withServer(try TestServer.sink()) { sink in
            // The sink holds its answer until released, so only the limit can end the wait.
            let transport = Self.transport()
            defer { transport.shutdown() }
            let error = await Self.failure(try await transport.send(HTTPRequest(url: sink.url("/send?hold=1"), timeout: 0.5)))
            let timedOut = try #require(error)
            #expect(timedOut.isTimeout)
            #expect(timedOut.kind == .curl)
            #expect(timedOut.code == Self.code(CURLE_OPERATION_TIMEDOUT))
            #expect(!timedOut.isConnectionFailure)
            #expect(timedOut.message.contains("Timeout was reached"))

            // The configuration's limit.
            let strict = Self.transport(CurlTransportConfiguration(totalTimeout: 0.4))
            defer { strict.shutdown() }
            let configured = await Self.failure(try await strict.send(HTTPRequest(url: sink.url("/send?hold=1"))))
            #expect(configured?.isTimeout == true)
            #expect(configured?.code == Self.code(CURLE_OPERATION_TIMEDOUT))
            try await sink.control("/_release", via: transport)
        }
    }

    @Test("a closed port gives CURLE_COULDNT_CONNECT, a connection failure")
    func closedPort() async throws {
        let closed = try TestServer.sink()
        let port = closed.port
        closed.stop()
        // A connect timeout far beyond the suite's limit: only a refusal can end this send.
        let transport = Self.transport(CurlTransportConfiguration(connectTimeout: 600, totalTimeout: 600))
        defer { transport.shutdown() }
        let error = await Self.failure(try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/send")))
        let refused = try #require(error)
        #expect(refused.code == Self.code(CURLE_COULDNT_CONNECT))
        #expect(refused.isConnectionFailure)
        #expect(!refused.isTimeout && !refused.isTLSFailure)
        #expect(refused.message.contains("127.0.0.1"))
    }

    @Test("a connection closed without an answer is a connection failure, and the transport goes on")
    func connectionReset() async throws {
        // A total timeout far beyond the suite's limit: only the reset can end this send.
        let transport = Self.transport(CurlTransportConfiguration(totalTimeout: 600))
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let error = await Self.failure(try await transport.send(HTTPRequest(method: .post, url: sink.url("/send?reset=1"), body: Data("x".utf8))))
            let reset = try #require(error)
            #expect(reset.isConnectionFailure)
            #expect(!reset.isTimeout)
            #expect([Self.code(CURLE_GOT_NOTHING), Self.code(CURLE_RECV_ERROR)].contains(reset.code), "\(reset)")
            let after = try await transport.send(HTTPRequest(url: sink.url()))
            #expect(after.status == 200)
        }
    }

    @Test("HTTPS with a self-signed certificate fails verification by default and succeeds with caPath")
    func selfSignedTLS() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pengingat-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", certificate,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)

        try await withServer(try TestServer.sink(tls: (certificate, key))) { sink in
            let url = sink.url("/send", scheme: "https")
            let verifying = Self.transport()
            defer { verifying.shutdown() }
            let error = await Self.failure(try await verifying.send(HTTPRequest(url: url)))
            let refused = try #require(error)
            #expect(refused.isTLSFailure)
            #expect(refused.code == Self.code(CURLE_PEER_FAILED_VERIFICATION), "\(refused)")
            #expect(!refused.isConnectionFailure)

            let trusting = Self.transport(CurlTransportConfiguration(caPath: certificate))
            defer { trusting.shutdown() }
            let response = try await trusting.send(HTTPRequest(method: .post, url: url, body: Data("aman".utf8)))
            #expect(response.status == 200)
            #expect(response.text.hasPrefix(#"{"ok":true"#))

            let missingBundle = Self.transport(CurlTransportConfiguration(caPath: folder.appendingPathComponent("none.pem").path))
            defer { missingBundle.shutdown() }
            let badFile = await Self.failure(try await missingBundle.send(HTTPRequest(url: url)))
            #expect(badFile?.isTLSFailure == true, "\(String(describing: badFile))")
        }
    }

    // MARK: - Cancellation and shutdown

    @Test("cancelling a task that awaits an unanswered request returns with CurlError.cancelled")
    func cancellation() async throws {
        // A total timeout far beyond the suite's limit: only the cancellation can end the send.
        let transport = Self.transport(CurlTransportConfiguration(totalTimeout: 600))
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            let held = sink.url("/send?hold=1")
            let task = Task { () async -> CurlError? in
                await Self.failure(try await transport.send(HTTPRequest(url: held)))
            }
            try await Self.waitForRequests(1, at: sink, via: transport)
            task.cancel()
            let error = await task.value
            #expect(error == .cancelled)
            #expect(error?.isCancelled == true)
            // The sink never answered: the cancellation ended the wait.
            #expect(try await sink.records(via: transport).first?.outcome == nil)

            // Cancelled before it was sent: it never leaves.
            try await sink.control("/_reset", via: transport)
            let never = sink.url("/send?early=1")
            let early = await Task { () async -> CurlError? in
                withUnsafeCurrentTask { $0?.cancel() }
                return await Self.failure(try await transport.send(HTTPRequest(url: never)))
            }.value
            #expect(early == .cancelled)
            #expect(try await sink.records(via: transport).isEmpty)
            try await sink.control("/_release", via: transport)
        }
    }

    @Test("shutdown fails queued and running requests with the shut-down error, and later sends too")
    func shutdownFailsPendingWork() async throws {
        try await withServer(try TestServer.sink()) { sink in
            // One connection: one request on the wire, the others waiting inside curl; a total
            // timeout far beyond the suite's limit, so only the shutdown can end them.
            let transport = Self.transport(CurlTransportConfiguration(totalTimeout: 600, maxConnectionsPerHost: 1))
            let held = sink.url("/send?hold=1")
            let tasks = (0..<5).map { index in
                Task { () async -> CurlError? in
                    await Self.failure(try await transport.send(HTTPRequest(url: "\(held)&n=\(index)")))
                }
            }
            let observer = Self.transport()
            defer { observer.shutdown() }
            try await Self.waitForRequests(1, at: sink, via: observer)
            transport.shutdown()
            for task in tasks {
                let error = await task.value
                #expect(error == .shutDown)
                #expect(error?.isShutDown == true)
            }
            #expect(try await sink.records(via: observer).count == 1)

            let late = await Self.failure(try await transport.send(HTTPRequest(url: sink.url())))
            #expect(late == .shutDown)
            transport.shutdown()  // idempotent
            try await sink.control("/_release", via: observer)
            // Nothing was sent after the shutdown: the sink saw the one held request only.
            #expect(try await sink.records(via: observer).count == 1)
        }
    }

    @Test("releasing the transport stops its thread and frees its handles")
    func deinitStopsTheThread() async throws {
        weak var core: CurlTransportCore?
        try await withServer(try TestServer.sink()) { sink in
            var transport: CurlTransport? = Self.transport()
            core = transport?.core
            let response = try await transport?.send(HTTPRequest(url: sink.url()))
            #expect(response?.status == 200)
            transport = nil
        }
        // The thread holds the core until it has cleaned up; deinit waited for it.
        // The suite's time limit is the only bound: this ends as soon as the core is released.
        try await waitUntil(polling: .milliseconds(10)) { core == nil }
        #expect(core == nil)
    }

    // MARK: - Logs

    @Test("debug logs name method, host and status or curl code, never the query string")
    func logsKeepSecrets() async throws {
        let capture = LogCapture()
        var logger = Logger(label: "test.curl", factory: { _ in capture })
        logger.logLevel = .debug
        let transport = try! CurlTransport(logger: logger)
        defer { transport.shutdown() }
        try await withServer(try TestServer.sink()) { sink in
            _ = try await transport.send(HTTPRequest(url: sink.url("/send?password=rahasia99&to=6281299887766")))
            _ = await Self.failure(try await transport.send(HTTPRequest(url: sink.url("/send?hold=1&password=rahasia99"), timeout: 0.2)))
            let quiet = Self.transport()
            defer { quiet.shutdown() }
            try await sink.control("/_release", via: quiet)
        }
        let lines = capture.lines
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { !$0.contains("rahasia99") && !$0.contains("6281299887766") && !$0.contains("/send") })
        #expect(lines.first?.contains("http.status=200") == true)
        #expect(lines.first?.contains("url.host=127.0.0.1") == true)
        #expect(lines.last?.contains("curl.code=28") == true)
        #expect(lines.allSatisfy { $0.contains("http.method=GET") })
    }

    // MARK: - Mail

    @Test("an e-mail sent through the SMTP sink arrives with its sender, recipients and body")
    func mailArrives() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pengingat-smtp-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: output) }
        let transport = Self.transport()
        defer { transport.shutdown() }
        try await withServer(try TestServer.smtp(output: output.path)) { smtp in
            let message = [
                "From: Pengingat <pengingat@contoh.id>", "To: bidan@contoh.id", "Subject: Jadwal posyandu",
                "Content-Type: text/plain; charset=utf-8", "", "Halo Bu Bidan,", ".titik di awal baris", "Posyandu besok 08.00 🙂",
            ].joined(separator: "\r\n") + "\r\n"
            let response = try await transport.send(
                MailRequest(
                    url: "smtp://127.0.0.1:\(smtp.port)", from: "pengingat@contoh.id",
                    recipients: ["bidan@contoh.id", "kader@contoh.id"], message: Data(message.utf8)))
            #expect(response.code == 250)

            let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
            try #require(lines.count == 1)
            let received = try #require(
                try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            #expect(received["from"] as? String == "pengingat@contoh.id")
            #expect(received["recipients"] as? [String] == ["bidan@contoh.id", "kader@contoh.id"])
            let expected = message.replacingOccurrences(of: "\r\n", with: "\n").dropLast()
            #expect(received["data"] as? String == String(expected))
        }
    }

    @Test("a mail without recipients is refused before connecting")
    func mailWithoutRecipients() async throws {
        let transport = Self.transport()
        defer { transport.shutdown() }
        let error = await Self.failure(try await transport.send(
                MailRequest(url: "smtp://127.0.0.1:1", from: "a@contoh.id", recipients: [], message: Data("x".utf8))))
        #expect(error?.code == Self.code(CURLE_BAD_FUNCTION_ARGUMENT))
    }
}

/// Collects formatted log lines (message and sorted metadata) for the privacy test.
final class LogCapture: LogHandler, @unchecked Sendable {
    // Invariant: `stored` is touched only under `lock`; the rest is set once before use.
    private let lock = NSLock()
    private var stored: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var lines: [String] { lock.withLock { stored } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let line = "\(event.level) \(event.message) " + fields.joined(separator: " ")
        lock.withLock { stored.append(line) }
    }
}
