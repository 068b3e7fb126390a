import Foundation
import Logging
import PengingatCore
import PengingatStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several `pengingat kirim` processes share one outbox while one of them is killed with
/// SIGKILL every 1.5 seconds and started again: no message is lost, every request carries the
/// outbox key as its idempotency key (so a sink that honours it delivers each message exactly
/// once), the duplicates a sink that ignores it sees are at most the messages the killed
/// workers held, and the delivery log agrees with the sink.
@Suite("Many dispatchers, killed and restarted", .serialized, .timeLimit(.minutes(20)))
struct CrashTests {
    static let postgresURL = ProcessInfo.processInfo.environment["PENGINGAT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("four dispatchers on PostgreSQL, 20,000 messages, kill -9 at every tenth of the way",
          .enabled(if: postgresURL != nil, "make test starts a PostgreSQL cluster"))
    func postgres() async throws {
        let url = try Self.freshPostgresDatabase()
        let store = try await PostgresStore.open(url: url, logger: Logger(label: "test"))
        try await Self.run(store: store, database: url, workers: 4, messages: 20_000)
        await store.close()
    }

    @Test("two dispatchers on one SQLite file, 20,000 messages, kill -9 at every tenth of the way")
    func sqlite() async throws {
        let path = NSTemporaryDirectory() + "pengingat-crash-\(UUID().uuidString)/outbox.sqlite"
        let store = try SQLiteStore(path: path, logger: Logger(label: "test"))
        try await Self.run(store: store, database: path, workers: 2, messages: 20_000)
    }

    static func run(store: any PengingatStore, database: String, workers count: Int, messages total: Int) async throws {
        let now = Date()
        let keys = (0..<total).map { String(format: "crash-%05d", $0) }
        for chunk in stride(from: 0, to: total, by: 2_000) {
            let messages = keys[chunk..<min(total, chunk + 2_000)].enumerated().map { offset, key in
                OutboxMessage(
                    key: key, source: "crash", phone: try! PhoneNumber(parsing: "0812\(String(format: "%08d", 10_000_000 + chunk + offset))"),
                    channel: .sms, language: .indonesian, groupID: "CRASH", dueAt: now.addingTimeInterval(-60),
                    expiresAt: now.addingTimeInterval(3_600), priority: 5, text: "Pesan \(key)", segments: 1, encoding: "GSM-7", items: [])
            }
            _ = try await store.commit(messages, source: "crash", groupID: nil, window: DateInterval(start: now, duration: 0), stale: [], at: now)
        }

        let sink = try Sink.start()
        defer { sink.stop() }
        let folder = NSTemporaryDirectory() + "pengingat-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configuration = folder + "/pengingat.yaml"
        try """
            dispatch:
              channels: {sms: [sink], whatsapp: [sink], email: [sink]}
              concurrency: 8
              lease_seconds: 3
              max_attempts: 20
              backoff_initial_seconds: 0.2
              backoff_max_seconds: 1
              poll_seconds: 0.2
            reminders:
              max_messages_per_phone_per_day: 100
            gateways:
              sink:
                type: http
                method: POST
                url: "http://127.0.0.1:\(sink.port)/send?id={{id|url}}"
                headers: {Idempotency-Key: "{{id}}"}
                body: "text={{text|url}}"
            """.write(toFile: configuration, atomically: true, encoding: .utf8)

        var workers = try (0..<count).map { index in try Worker.start(database: database, configuration: configuration, log: "\(folder)/worker-\(index).log") }
        // Whatever happens (the suite's time limit included), no worker outlives the test.
        defer { for worker in workers { worker.kill() } }
        var kills = 0
        var generator = SystemRandomNumberGenerator()
        // A worker is killed each time another tenth of the messages has been accepted: the kills
        // follow the work, not the clock, so a fast or a loaded machine sees the same test.
        let step = total / 10
        var nextKillAt = step
        while true {
            try await Task.sleep(for: .milliseconds(100))
            let accepted = try await Self.states(store)[.accepted] ?? 0
            if accepted == total { break }
            // Only while there is work left: a kill after the end proves nothing.
            guard accepted >= nextKillAt else { continue }
            nextKillAt = accepted + step
            let victim = Int.random(in: 0..<workers.count, using: &generator)
            workers[victim].kill()
            kills += 1
            workers[victim] = try Worker.start(database: database, configuration: configuration, log: "\(folder)/worker-\(victim).log")
        }
        // Everything is sent: stopping the workers now cannot lose anything. (SIGKILL: a child
        // started from a concurrency thread may have SIGTERM blocked.)
        for worker in workers { worker.kill() }

        let states = try await Self.states(store)
        #expect(states[.accepted] == total, "every message sent; states: \(states)")
        #expect(kills >= 3, "the workers were really killed (\(kills) times)")

        let records = try sink.records().filter { $0.path == "/send" }
        let received = Dictionary(grouping: records, by: \.id)
        #expect(Set(received.keys) == Set(keys), "the sink received every message (\(received.count) of \(total))")
        #expect(records.allSatisfy { $0.idempotencyKey == $0.id }, "every request carries the outbox key as its idempotency key")
        // A sink honouring the key delivers each message once: one delivery per distinct key.
        let duplicates = records.count - received.count

        let log = try await store.deliveryLog(DeliveryLogFilter(limit: 10_000_000))
        // A killed worker's messages (claimed, maybe already sent) are the ones reclaimed
        // after their lease ended: the messages in flight at the moments of the kills.
        let inFlightAtKills = log.filter { $0.event == .status && $0.detail?.contains("after the lease ended") == true }.count
        #expect(duplicates <= inFlightAtKills,
                "duplicates at a sink ignoring the key (\(duplicates)) at most the messages in flight at the kills (\(inFlightAtKills))")
        let acceptedInLog = Set(log.filter { $0.toState == .accepted }.map(\.messageKey))
        #expect(acceptedInLog == Set(keys), "the log has every message accepted")
        let acceptedTwice = Dictionary(grouping: log.filter { $0.toState == .accepted }, by: \.messageKey).values.filter { $0.count > 1 }
        #expect(acceptedTwice.isEmpty, "no message accepted twice in the log")
        let loggedOK = log.filter { $0.event == .attempt && ($0.httpStatus ?? 0) / 100 == 2 }.count
        #expect(loggedOK >= total && loggedOK <= records.count, "logged successful attempts (\(loggedOK)) between the messages and the sink's requests (\(records.count))")
        print("crash test \(database.hasPrefix("postgres") ? "postgres" : "sqlite"): \(count) workers, \(total) messages, \(kills) kills, "
            + "\(inFlightAtKills) in flight at the kills, \(duplicates) duplicates without the idempotency key, 0 with it")
    }

    /// Counted by the store (one grouped query), not by loading 20,000 messages each time.
    static func states(_ store: any PengingatStore) async throws -> [OutboxState: Int] {
        try await store.deliverySummary(dueIn: DateInterval(start: .distantPast, end: .distantFuture))
            .groups.first { $0.groupID == "CRASH" }?.byState ?? [:]
    }

    /// A new database in the test cluster, made with `psql`.
    static func freshPostgresDatabase() throws -> String {
        let base = try #require(postgresURL)
        let name = "crash_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", base, "-q", "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        var components = try #require(URLComponents(string: base))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// One `pengingat kirim` process, its output in a file (a pipe nobody reads would block it).
    struct Worker {
        let process: Process

        static func start(database: String, configuration: String, log: String) throws -> Worker {
            FileManager.default.createFile(atPath: log, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            output.seekToEndOfFile()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try CommandLineTests.executable())
            process.arguments = ["kirim", "--db", database, "--config", configuration]
            process.currentDirectoryURL = URL(fileURLWithPath: CommandLineTests.repositoryRoot)
            process.environment = ProcessInfo.processInfo.environment.merging(["PENGINGAT_LOG_LEVEL": "error"]) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = output
            try process.run()
            return Worker(process: process)
        }

        func kill() {
            // Once reaped, its PID may belong to another process.
            guard process.isRunning else { return }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }


    }

    /// The recording sink of the gateway tests (Tests/PengingatGatewaysTests/Support/test_sink.py).
    struct Sink {
        struct Record {
            let path: String
            let id: String
            let idempotencyKey: String?
        }

        let process: Process
        let input: Pipe
        let port: Int

        static func start() throws -> Sink {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", CommandLineTests.repositoryRoot + "/Tests/PengingatGatewaysTests/Support/test_sink.py"]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
            return Sink(process: process, input: input, port: port)
        }

        /// The answer to one of the sink's control paths (`/_requests`, `/_release`).
        private func control(_ path: String, method: String = "GET") throws -> Data {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            curl.arguments = ["curl", "--silent", "--show-error", "--noproxy", "*", "-X", method, "http://127.0.0.1:\(port)\(path)"]
            let output = Pipe()
            curl.standardOutput = output
            try curl.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            curl.waitUntilExit()
            return data
        }

        func records() throws -> [Record] {
            let list = try #require(try JSONSerialization.jsonObject(with: try control("/_requests")) as? [[String: Any]])
            return list.map { record in
                let params = record["params"] as? [String: String] ?? [:]
                let headers = record["headers"] as? [String: String] ?? [:]
                return Record(path: record["path"] as? String ?? "", id: params["id"] ?? "", idempotencyKey: headers["idempotency-key"])
            }
        }

        /// Answers every request held by `hold=1`, and lets later ones through.
        func release() throws {
            _ = try control("/_release", method: "POST")
        }

        func stop() {
            // The sink ends when its standard input closes.
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }
}
