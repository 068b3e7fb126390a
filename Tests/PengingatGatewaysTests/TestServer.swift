import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Python test server from `Support/` (python3 from PATH), started for one test: it
/// prints its port on the first line of stdout; `stop()` terminates exactly that process
/// (by its PID). The server also exits by itself when its stdin closes, so a crashed test
/// process leaves no server behind.
final class TestServer {
    let port: Int
    let process: Process
    private let input: Pipe
    private var stopped = false

    static let supportFolder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Support")

    enum StartError: Error, CustomStringConvertible {
        case noPort(script: String, firstLine: String)
        var description: String {
            switch self {
            case .noPort(let script, let line): "\(script) did not print a port (first line: \(line.debugDescription))"
            }
        }
    }

    init(script: String, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", Self.supportFolder.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        self.input = input
        let line = Self.readLine(from: output.fileHandleForReading.fileDescriptor, timeout: 10)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)), port > 0 else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw StartError.noPort(script: script, firstLine: line)
        }
        self.port = port
    }

    /// The HTTP sink, plain or (with a certificate and key) HTTPS.
    static func sink(tls: (certificate: String, key: String)? = nil) throws -> TestServer {
        try TestServer(script: "test_sink.py", arguments: tls.map { ["--tls", $0.certificate, $0.key] } ?? [])
    }

    /// The SMTP sink, writing one JSON line per message to `output`.
    static func smtp(output: String) throws -> TestServer {
        try TestServer(script: "test_smtp.py", arguments: [output])
    }

    func url(_ pathAndQuery: String = "/send", scheme: String = "http") -> String {
        "\(scheme)://127.0.0.1:\(port)\(pathAndQuery)"
    }

    /// Terminates the server process (SIGTERM to its PID, SIGKILL if it is still there
    /// after 3 s) and waits for it. A child of Foundation's `Process` inherits the spawning
    /// thread's signal mask, in which SIGTERM may be blocked; the scripts unblock it, and
    /// SIGKILL cannot be blocked.
    func stop() {
        guard !stopped else { return }
        stopped = true
        let pid = process.processIdentifier
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline {
                usleep(10_000)
            }
            if process.isRunning {
                kill(pid, SIGKILL)
            }
        }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
    }

    deinit {
        stop()
    }

    /// Reads up to the first line break, giving up after `timeout` seconds.
    private static func readLine(from descriptor: Int32, timeout: TimeInterval) -> String {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while bytes.last != UInt8(ascii: "\n") {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard remaining > 0 else { break }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, remaining) > 0 else { break }
            var byte: UInt8 = 0
            guard read(descriptor, &byte, 1) == 1 else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Runs `body` with a fresh server and stops the server afterwards, whatever happens.
func withServer<T>(
    _ start: @autoclosure () throws -> TestServer, _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try start()
    defer { server.stop() }
    return try await body(server)
}
