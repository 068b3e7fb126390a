import CCurl
import Foundation
import GRDB
import Logging
import PengingatStore

/// What the two parts the dispatcher is built on cost with nothing else around them, measured
/// in the same run as the dispatcher: libcurl's multi interface sending as fast as it can
/// (no store, no rules, no Swift tasks), and SQLite making the durable changes a send needs
/// (claim, daily count, outcome, two log lines) as set-based SQL in the `sqlite3` shell. When
/// a floor alone misses a target, no design of the dispatcher above it can meet the target
/// on this machine.
enum FloorBench {
    struct Result: Codable {
        var count: Int
        var seconds: Double
        var cpuSeconds: Double
        var rate: Double { Double(count) / max(seconds, 1e-9) }
        var cpuMicroseconds: Double { cpuSeconds / Double(max(count, 1)) * 1e6 }
    }

    /// `count` requests with `inFlight` at once on one multi handle in this thread, easy
    /// handles reused, answers discarded: a POST of a message-sized form body, or a GET when
    /// `body` is nil. Every answer must be 2xx.
    static func curl(url: String, count: Int, inFlight: Int = 64, body: String?) throws -> Result {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        guard let multi = curl_multi_init() else { throw NSError(domain: "bench", code: 5) }
        defer { curl_multi_cleanup(multi) }
        _ = pengingat_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, inFlight)
        let discard: pengingat_curl_data_callback = { _, size, count, _ in size * count }
        let urlBytes = strdup(url)!
        let bodyBytes = body.map { strdup($0)! }
        defer { free(urlBytes); bodyBytes.map { free($0) } }
        func prepare(_ handle: UnsafeMutableRawPointer) {
            _ = pengingat_curl_easy_setopt_pointer(handle, CURLOPT_URL, urlBytes)
            if let bodyBytes { _ = pengingat_curl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, bodyBytes) }
            _ = pengingat_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, discard)
            _ = pengingat_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        }
        var started = 0, finished = 0, failed = 0
        let start = Date(), cpuBefore = Measurement.cpuSeconds()
        while started < min(inFlight, count) {
            let handle = curl_easy_init()!
            prepare(handle)
            curl_multi_add_handle(multi, handle)
            started += 1
        }
        var running: Int32 = 0, left: Int32 = 0
        while finished < count {
            curl_multi_perform(multi, &running)
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                var status = 0
                _ = pengingat_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
                if pengingat_curl_msg_result(message) != CURLE_OK || !(200..<300).contains(status) { failed += 1 }
                finished += 1
                curl_multi_remove_handle(multi, handle)
                if started < count {
                    curl_easy_reset(handle)
                    prepare(handle)
                    curl_multi_add_handle(multi, handle)
                    started += 1
                } else {
                    curl_easy_cleanup(handle)
                }
            }
            if finished < count { curl_multi_poll(multi, nil, 0, 1000, nil) }
        }
        let result = Result(count: count, seconds: Date().timeIntervalSince(start), cpuSeconds: Measurement.cpuSeconds() - cpuBefore)
        guard failed == 0 else {
            throw NSError(domain: "bench", code: 6, userInfo: [NSLocalizedDescriptionKey: "\(failed) of \(count) requests failed"])
        }
        return result
    }

    /// The writes of `count` sends in batches of 64, as set-based SQL in the `sqlite3` shell
    /// on a database migrated by Pengingat, with the writer's settings (WAL, synchronous NORMAL,
    /// checkpoints every 10,000 pages): per batch, one transaction claims (lease, daily counts,
    /// claim lines) and one records the outcomes (attempt lines, accepted). No opt-out join,
    /// no rule in Swift, no binding per row: less than the dispatcher does. Nil without the shell.
    static func sqlite(count: Int, database: String) async throws -> Result? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return nil }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let store = try SQLiteStore(path: database, logger: Logger(label: "bench"))
        try await store.database.writer.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO outbox (key, source, phone, channel, language, group_id, due_at, expires_at, priority, state, text,
                    segments, encoding) VALUES (?, 'bench', ?, 'sms', 'id', 'G', 1000, 4000000000, 5, 'queued', ?, 1, 'GSM-7')
                """)
            for index in 0..<count {
                try insert.execute(arguments: [String(format: "bench/%06d", index), String(format: "+62812%07d", index), DispatchBench.text])
            }
        }
        try await store.database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        var script = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000; PRAGMA cache_size = -65536;\n"
        for batch in 0..<(count + 63) / 64 {
            let lease = 2_000_000 + batch
            script += """
                BEGIN;
                UPDATE outbox SET state = 'sending', lease_owner = 'A', lease_until = \(lease), cap_day = 86400 WHERE key IN (
                    SELECT key FROM outbox WHERE state = 'queued' AND due_at <= 5000 ORDER BY priority, due_at, key LIMIT 64);
                INSERT INTO phone_day_sends (phone, day, sends) SELECT phone, 86400, 1 FROM outbox
                    WHERE state = 'sending' AND lease_until = \(lease) ON CONFLICT (phone, day) DO UPDATE SET sends = sends + 1;
                INSERT INTO delivery_log (message_key, at_ms, event, from_state, to_state)
                    SELECT key, \(lease)000, 'claim', 'queued', 'sending' FROM outbox WHERE state = 'sending' AND lease_until = \(lease);
                COMMIT;
                BEGIN;
                INSERT INTO delivery_log (message_key, at_ms, event, gateway, http_status, latency_ms, from_state, to_state)
                    SELECT key, \(lease)001, 'attempt', 'http', 200, 3, 'sending', 'accepted' FROM outbox
                    WHERE state = 'sending' AND lease_until = \(lease);
                UPDATE outbox SET state = 'accepted', sent_at = \(lease), lease_owner = NULL, lease_until = NULL, attempts = attempts + 1
                    WHERE state = 'sending' AND lease_until = \(lease);
                COMMIT;

                """
        }
        script += "SELECT COUNT(*) FROM outbox WHERE state = 'accepted';\n"
        let scriptPath = database + ".sql"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, ".read \(scriptPath)"]
        let output = Pipe()
        process.standardOutput = output
        let cpuBefore = Measurement.cpuSeconds(of: RUSAGE_CHILDREN)
        let start = Date()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        // The last line is the count (the pragmas print their values before it).
        let accepted = String(decoding: data, as: UTF8.self).split(separator: "\n").last.flatMap { Int($0) } ?? -1
        guard process.terminationStatus == 0, accepted == count else {
            throw NSError(domain: "bench", code: 7, userInfo: [NSLocalizedDescriptionKey: "the sqlite3 floor accepted \(accepted) of \(count)"])
        }
        return Result(count: count, seconds: seconds, cpuSeconds: Measurement.cpuSeconds(of: RUSAGE_CHILDREN) - cpuBefore)
    }

    /// CPU time used so far by the nginx sink (its master and workers), when `make bench` names
    /// its pids file (`PENGINGAT_BENCH_SINK_PIDS`, "nginx PID STARTTIME"); nil otherwise.
    static func sinkCPUSeconds() -> Double? {
        ProcessInfo.processInfo.environment["PENGINGAT_BENCH_SINK_PIDS"].flatMap(cpuSeconds(ofProcessesIn:))
    }

    /// `cpuSeconds(ofProcessesIn:)` once the processes have stopped using any (no more than a clock
    /// tick in 200 ms, at most ten seconds): their work on what they already accepted included.
    static func settledCPUSeconds(ofProcessesIn file: String) async throws -> Double? {
        guard var last = cpuSeconds(ofProcessesIn: file) else { return nil }
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(200))
            guard let now = cpuSeconds(ofProcessesIn: file) else { return nil }
            if now - last <= 0.011 { return now }
            last = now
        }
        return last
    }

    /// CPU time used so far by the processes a pids file names ("NAME PID STARTTIME" a line, as
    /// scripts/nginx-sink.sh and scripts/kannel-test-env.sh write them) and by their children.
    static func cpuSeconds(ofProcessesIn file: String) -> Double? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let parents = Set(text.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Int32($0) } })
        guard !parents.isEmpty else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
        for pid in processes {
            // Fields after the command's closing parenthesis: state, ppid, … utime (14), stime (15).
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, parents.contains(pid) || Int32(fields[1]).map(parents.contains) == true,
                  let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            total += (user + system) / ticks
        }
        return total
    }
}
