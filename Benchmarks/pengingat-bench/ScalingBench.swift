import Foundation
import Logging
import PengingatCore
import PengingatStore

/// How the dispatch rate scales with dispatcher processes: 1, 2 and 4 `pengingat kirim`
/// processes sharing one PostgreSQL outbox, and one on a SQLite file, each draining the same
/// number of messages into the local sink. Whole processes, as an operator runs them: the
/// time includes their start (under 0.1 s), which a long run does not pay.
enum ScalingBench {
    struct Row {
        let store: String
        let dispatchers: Int
        let messages: Int
        let seconds: Double
        let peakKiB: Int
        var rate: Double { Double(messages) / seconds }
    }

    static func run(messages: Int, postgresURL: String?, pengingat: String, folder: String) async throws -> [Row] {
        let sink = try Driver.startSink()
        defer { Driver.stop(sink) }
        var rows: [Row] = []
        if let postgresURL {
            for dispatchers in [1, 2, 4] {
                let url = try freshDatabase(postgresURL, name: "bench_\(dispatchers)_\(UUID().uuidString.prefix(8).lowercased())")
                let store = try await PostgresStore.open(url: url, logger: Logger(label: "bench"))
                rows.append(try await measure(store: store, database: url, label: "PostgreSQL", dispatchers: dispatchers,
                                              messages: messages, sinkURL: sink.url, pengingat: pengingat, folder: folder))
                await store.close()
            }
        }
        let path = "\(folder)/scaling-\(UUID().uuidString).sqlite"
        let sqlite = try SQLiteStore(path: path, logger: Logger(label: "bench"))
        rows.append(try await measure(store: sqlite, database: path, label: "SQLite", dispatchers: 1, messages: messages,
                                      sinkURL: sink.url, pengingat: pengingat, folder: folder))
        return rows
    }

    static func measure(
        store: any PengingatStore, database: String, label: String, dispatchers: Int, messages total: Int, sinkURL: String,
        pengingat: String, folder: String
    ) async throws -> Row {
        let now = Date()
        for chunk in stride(from: 0, to: total, by: 5_000) {
            let messages = (chunk..<min(total, chunk + 5_000)).map { index in
                OutboxMessage(
                    key: "scale/\(index)", source: "bench", phone: PhoneNumber(e164: "+6281\(String(format: "%09d", index))")!,
                    channel: .sms, language: .indonesian, groupID: "G", dueAt: now.addingTimeInterval(-1),
                    expiresAt: now.addingTimeInterval(3600), priority: 5,
                    text: "Ibu Siti Aminah, besok Selasa, 8 Desember 2026 pukul 09.00 WIB ada P2K2 di Aula Kelurahan Margabakti.",
                    segments: 1, encoding: "GSM-7", items: [])
            }
            _ = try await store.commit(messages, source: "bench", groupID: "G", window: DateInterval(start: now, duration: 0), stale: [], at: now)
        }
        let configuration = "\(folder)/scaling-\(UUID().uuidString).yaml"
        try """
            dispatch:
              channels: {sms: [sink], whatsapp: [sink], email: [sink]}
              concurrency: 64
              poll_seconds: 0.1
            reminders:
              max_messages_per_phone_per_day: 1000000
            gateways:
              sink:
                type: http
                method: POST
                url: "\(sinkURL)"
                headers: {Idempotency-Key: "{{id}}"}
                body: "text={{text|url}}"
            """.write(toFile: configuration, atomically: true, encoding: .utf8)

        FileHandle.standardError.write(Data("dispatching \(total) through \(dispatchers) process(es) on \(label)…\n".utf8))
        let start = Date()
        let log = "\(folder)/scaling-\(label)-\(dispatchers).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let workers = try (0..<dispatchers).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pengingat)
            // Each process drains until nothing is left to claim and exits: the time ends when
            // the last one exits, measured to the poll below rather than to a count of the outbox.
            process.arguments = ["kirim", "--sekali", "--db", database, "--config", configuration]
            process.environment = ProcessInfo.processInfo.environment.merging(["PENGINGAT_LOG_LEVEL": "error"]) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = output
            try process.run()
            return process
        }
        let deadline = start.addingTimeInterval(600)
        var peak = 0
        // Every 10 ms, without touching the database (a count of the outbox would compete with
        // the dispatchers for the same two cores): who is still running, and their peak memory.
        while workers.contains(where: \.isRunning) {
            guard Date() < deadline else {
                for worker in workers { Driver.stop(worker) }
                throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(label) ×\(dispatchers) did not finish"])
            }
            for worker in workers where worker.isRunning { peak = max(peak, peakKiB(of: worker.processIdentifier)) }
            try await Task.sleep(for: .milliseconds(10))
        }
        let seconds = Date().timeIntervalSince(start)
        if let failed = workers.first(where: { $0.terminationStatus != 0 }) {
            throw NSError(domain: "bench", code: 4, userInfo: [NSLocalizedDescriptionKey:
                "a dispatcher on \(label) exited with status \(failed.terminationStatus); see \(log)"])
        }
        let summary = try await store.deliverySummary(dueIn: DateInterval(start: .distantPast, end: .distantFuture))
        let accepted = summary.groups.first(where: { $0.groupID == "G" })?.byState[.accepted] ?? 0
        guard accepted == total else {
            throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "\(label) ×\(dispatchers): \(accepted) of \(total) accepted; see \(log)"])
        }
        return Row(store: label, dispatchers: dispatchers, messages: total, seconds: seconds, peakKiB: peak)
    }

    static func peakKiB(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// A new database in the benchmark's cluster, made with `psql`.
    static func freshDatabase(_ base: String, name: String) throws -> String {
        let safe = name.replacingOccurrences(of: "-", with: "_")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", base, "-q", "-c", "CREATE DATABASE \(safe)"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, var components = URLComponents(string: base) else {
            throw NSError(domain: "bench", code: 2, userInfo: [NSLocalizedDescriptionKey: "could not create database \(safe)"])
        }
        components.path = "/" + safe
        return components.string ?? base
    }
}
