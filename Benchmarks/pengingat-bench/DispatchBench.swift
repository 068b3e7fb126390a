import Foundation
import Hummingbird
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatWeb
import ServiceLifecycle

/// The dispatch benchmarks: Pengingat's end-to-end rate (durable outbox → libcurl → delivery
/// log) against a local HTTP sink and against a real Kannel, each beside a plain
/// many-connections client (wrk) hitting the same target in the same run.
enum DispatchBench {
    /// A minimal HTTP sink (Hummingbird) for the benchmarks: answers every request with 200.
    static func sink() async throws {
        let router = Router()
        router.post("send") { _, _ in "{\"ok\":true}" }
        router.get("send") { _, _ in "{\"ok\":true}" }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                // Unbuffered: the parent reads the port as soon as it is written.
                FileHandle.standardOutput.write(Data("\(channel.localAddress?.port ?? 0)\n".utf8))
            }, logger: Logger(label: "bench-sink"))
        try await app.runService()
    }

    /// Messages in flight at once, as `dispatch.concurrency` (64, the configuration's default).
    static let concurrency = Int(ProcessInfo.processInfo.environment["PENGINGAT_BENCH_CONCURRENCY"] ?? "") ?? 64

    /// Every benchmark message's text: one SMS, as long as a real reminder.
    static let text = "Ibu Siti Aminah, besok Selasa, 8 Desember 2026 pukul 09.00 WIB ada P2K2 di Aula Kelurahan Margabakti."

    /// Sends `count` queued messages through `gateway`, from a fresh SQLite outbox; returns the
    /// seconds the drain took, the process's peak memory and its CPU time a message during it.
    static func dispatch(
        count: Int, gateway: any Gateway, folder: String,
        concurrency: Int = DispatchBench.concurrency
    ) async throws -> (seconds: Double, peakKiB: Int, cpuMicroseconds: Double) {
        let path = "\(folder)/dispatch-\(UUID().uuidString).sqlite"
        let store = try SQLiteStore(path: path, logger: Logger(label: "bench"))
        let now = Date()
        let messages = (0..<count).map { index in
            OutboxMessage(
                key: "bench/\(index)", source: "bench", phone: PhoneNumber(e164: "+6281\(String(format: "%09d", index))")!,
                channel: .sms, language: .indonesian, groupID: "G", dueAt: now.addingTimeInterval(-1),
                expiresAt: now.addingTimeInterval(3600), priority: 5,
                text: text,
                segments: 1, encoding: "GSM-7", items: [])
        }
        for chunk in stride(from: 0, to: messages.count, by: 5000) {
            _ = try await store.commit(Array(messages[chunk..<min(chunk + 5000, messages.count)]), source: "bench", groupID: "G",
                                       window: DateInterval(start: .distantPast, duration: 1), stale: [], at: .distantPast)
        }
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: [gateway.name], breakerFailures: 1_000_000),
            configuration: .init(concurrency: concurrency, channels: [.sms: [gateway.name]], maxMessagesPerPhonePerDay: 1_000_000),
            logger: Logger(label: "bench"))
        Self.resetPeakMemory()
        // A marker for profiling the drain alone (`perf record -p` from here on).
        FileHandle.standardError.write(Data("  outbox ready, draining…\n".utf8))
        let start = Date()
        let cpuBefore = Measurement.cpuSeconds()
        let summary = try await dispatcher.drain()
        let seconds = Date().timeIntervalSince(start)
        // CPU per message varies far less with the VM's hour than the rate does: what changes were judged on.
        let cpu = Measurement.cpuSeconds() - cpuBefore
        FileHandle.standardError.write(Data(String(format: "  dispatcher CPU %.1f µs a message (%.2f cores busy)\n",
                                                   cpu / Double(count) * 1e6, cpu / seconds).utf8))
        guard summary.accepted == count else {
            throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "only \(summary.accepted) of \(count) accepted"])
        }
        return (seconds, Measurement.peakKiB(), cpu / Double(count) * 1e6)
    }

    /// Starts a new peak (VmHWM) for this process, so each dispatch row shows its own.
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// wrk against `url` with `connections` connections for `seconds`; requests per second.
    static func wrk(_ url: String, connections: Int = 32, seconds: Int = 5, post: Bool = true) throws
        -> (rate: Double, peakKiB: Int, requests: Int) {
        let script = NSTemporaryDirectory() + "pengingat-wrk.lua"
        try "wrk.method = \"POST\"\nwrk.body = \"text=Ibu+Siti+Aminah%2C+besok+P2K2\"\nwrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s"]
        if post { arguments += ["-s", script] }
        let output = try Driver.child("/usr/bin/env", ["python3", "scripts/peak-rss.py", "/usr/bin/wrk"] + arguments + [url])
        // Only successful answers count: Kannel answers 503 quickly when its queue is full.
        // "N requests in 5.00s, …" and "Non-2xx or 3xx responses: M".
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let summary = lines.first { $0.contains(" requests in ") } ?? ""
        let total = Double(summary.split(separator: " ").first ?? "0") ?? 0
        let duration = summary.split(separator: " ").dropFirst(3).first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "s,")) }
            .flatMap(Double.init) ?? Double(seconds)
        let failed = lines.first { $0.hasPrefix("Non-2xx or 3xx responses:") }
            .flatMap { Double($0.split(separator: " ").last ?? "0") } ?? 0
        let peak = lines.last { $0.hasPrefix("peak_kib ") }.flatMap { Int($0.dropFirst("peak_kib ".count)) } ?? 0
        return ((total - failed) / max(duration, 0.001), peak, Int(total))
    }

    /// Apprise (PyPI), the notification library a district might script instead: the same
    /// messages to the same sink through its JSON notifier (scripts/bench-apprise.py).
    static func apprise(count: Int, url: String) throws -> (rate: Double, peakKiB: Int) {
        struct Result: Decodable {
            let sent: Int
            let seconds: Double
            let peak_kib: Int
        }
        let output = try Driver.child("/usr/bin/env", ["python3", "scripts/bench-apprise.py", "\(count)",
                                                           "json://" + url.dropFirst("http://".count)])
        let result = try JSONDecoder().decode(Result.self, from: Data(output.utf8))
        guard result.sent == count else {
            throw NSError(domain: "bench", code: 4, userInfo: [NSLocalizedDescriptionKey: "Apprise sent \(result.sent) of \(count)"])
        }
        return (Double(count) / max(result.seconds, 1e-9), result.peak_kib)
    }

    /// The dispatch rows of BENCHMARKS.md: Pengingat against its baselines, and the floors
    /// (`FloorBench`) beside Pengingat's own cost.
    static func run(messages count: Int, folder: String) async throws -> (comparisons: [String], floors: [String]) {
        var rows: [String] = []
        var floors: [String] = []
        // As `GatewayRegistry.build` makes it for `kirim` and `serve`: as many connections to a host
        // as messages may be in flight.
        let transport = try CurlTransport(configuration: .init(dispatchConcurrency: concurrency), logger: Logger(label: "bench"))
        defer { transport.shutdown() }

        // 1. A local HTTP sink.
        let sink = try Driver.startSink()
        defer { Driver.stop(sink) }
        let url = sink.url
        FileHandle.standardError.write(Data("dispatching \(count) messages to the sink…\n".utf8))
        let http = HTTPGateway(name: "http", configuration: .init(url: url, body: "text={{text|url}}"), transport: transport)
        let (seconds, peak, cpu) = try await dispatch(count: count, gateway: http, folder: folder)
        let rate = Double(count) / seconds
        FileHandle.standardError.write(Data(String(format: "  %.2f s, %.0f messages/s\n", seconds, rate).utf8))
        if ProcessInfo.processInfo.environment["PENGINGAT_BENCH_SINK_ONLY"] == "1" { return ([], []) }  // profiling: no table
        FileHandle.standardError.write(Data("Apprise: the same \(count) messages to the sink…\n".utf8))
        let apprise = try apprise(count: count, url: url)
        FileHandle.standardError.write(Data(String(format: "  %.0f messages/s\n", apprise.rate).utf8))
        rows.append(row("HTTP sink (\(sink.name))", count, rate, peak, "Apprise", apprise.rate, apprise.peakKiB, target: 20))
        let sinkCPUBefore = FloorBench.sinkCPUSeconds()
        let ceiling = try wrk(url)
        let sinkCPU = FloorBench.sinkCPUSeconds().flatMap { after in sinkCPUBefore.map { after - $0 } }
        rows.append(row("HTTP sink (\(sink.name))", count, rate, peak, "wrk", ceiling.rate, ceiling.peakKiB, target: 0.5))
        floors.append(floorRow("Pengingat: claim, send, record, from a SQLite outbox (the row above)", count, rate, cpu,
                               against: ceiling.rate))
        FileHandle.standardError.write(Data("libcurl alone against the sink…\n".utf8))
        let curlFloor = try Self.curlFloor(url: url, count: 5 * count, body: "text=" + URLQuery.encode(Self.text))
        floors.append(floorRow("libcurl alone: the same POSTs, 64 in flight on one multi handle, nothing stored", curlFloor.count,
                               curlFloor.rate, curlFloor.cpuMicroseconds, against: ceiling.rate))
        FileHandle.standardError.write(Data("SQLite alone: the writes of \(count) sends as set-based SQL…\n".utf8))
        let sqliteFloor = try await FloorBench.sqlite(count: count, database: "\(folder)/floor-\(UUID().uuidString).sqlite")
        if let sqliteFloor {
            floors.append(floorRow("SQLite alone: the claim and outcome writes as set-based SQL in the sqlite3 shell, nothing sent",
                                   sqliteFloor.count, sqliteFloor.rate, sqliteFloor.cpuMicroseconds, against: nil))
            if let sinkCPU, ceiling.requests > 0 {
                floors.append(bestRow(client: curlFloor, sqlite: sqliteFloor, peerCPUSeconds: sinkCPU, requests: ceiling.requests,
                                      against: ceiling.rate) { cores, peer in
                    String(format: "at best on %d cores: both floors plus nginx's %.1f µs a request (measured under wrk), perfectly parallel",
                           cores, peer)
                })
            }
        }

        // 2. A real Kannel, without and with delivery reports. scripts/run-bench.sh starts it
        // (as scripts/run-tests.sh does for the tests) and names its env file.
        guard let envFile = ProcessInfo.processInfo.environment["PENGINGAT_KANNEL_ENV"],
              let environment = try? String(contentsOfFile: envFile, encoding: .utf8)
        else {
            rows.append("| Kannel | – | not measured: no Kannel was started (run `make bench`) | | | |")
            return (rows, floors)
        }
        var values: [String: String] = [:]
        for line in environment.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        let sendsms = values["KANNEL_SENDSMS_URL"] ?? ""
        let kannelCount = min(count, 5000)
        for reports in [false, true] {
            var callbacks: (group: ServiceGroup, running: Task<Void, any Error>)?
            var reportURL: String?
            if reports {
                // Reports go to a listener that only answers: this measures sending, not report handling.
                let box = PortHolder()
                // Quiet: a log line for each of the 5,000 reports would be measured as sending.
                var quiet = Logger(label: "bench")
                quiet.logLevel = .warning
                let listener = WebService(WebApplication(
                    webhooksOnly: .init(port: 0, webhooks: WebhookContext(callbackSecret: "bench")), store: try SQLiteStore.inMemory(),
                    replies: nil, logger: quiet)) { await box.set($0) }
                // Stopped gracefully below: cancelling a server while reports still arrive trips
                // swift-nio's check that an open connection's writer was finished.
                let group = ServiceGroup(configuration: .init(services: [.init(service: listener)], logger: Logger(label: "bench")))
                callbacks = (group, Task { try await group.run() })
                reportURL = "http://127.0.0.1:\(try await box.wait())/dlr/kannel"
            }
            let gateway = KannelGateway(configuration: .init(
                sendsmsURL: sendsms, username: values["KANNEL_USERNAME"] ?? "", password: values["KANNEL_PASSWORD"] ?? "",
                reportURL: reportURL, reportSecret: "bench"), transport: transport)
            FileHandle.standardError.write(Data("dispatching \(kannelCount) messages through Kannel (reports: \(reports))…\n".utf8))
            let (seconds, peak, _) = try await dispatch(count: kannelCount, gateway: gateway, folder: folder)
            if let callbacks {
                await callbacks.group.triggerGracefulShutdown()
                try await callbacks.running.value
            }
            let rate = Double(kannelCount) / seconds
            var plainURL = sendsms + "?username=\(values["KANNEL_USERNAME"] ?? "")&password=\(values["KANNEL_PASSWORD"] ?? "")"
                + "&to=%2B6281200000000&text=Ibu+Siti+Aminah%2C+besok+P2K2"
            if let reportURL { plainURL += "&dlr-mask=31&dlr-url=" + URLQuery.encode(reportURL + "?key=x&secret=bench&type=%d") }
            let kannelCPUBefore = values["KANNEL_DIR"].flatMap { FloorBench.cpuSeconds(ofProcessesIn: $0 + "/pids") }
            let plain = try wrk(plainURL, post: false)
            // bearerbox may still be handing accepted messages to the SMSC: read until it is idle.
            var kannelCPU: Double?
            if !reports, let directory = values["KANNEL_DIR"], let before = kannelCPUBefore,
               let after = try await FloorBench.settledCPUSeconds(ofProcessesIn: directory + "/pids") {
                kannelCPU = after - before
            }
            rows.append(row(reports ? "Kannel with delivery reports" : "Kannel", kannelCount, rate, peak, "wrk", plain.rate, plain.peakKiB,
                            target: 0.8))
            if !reports {
                FileHandle.standardError.write(Data("libcurl alone against Kannel…\n".utf8))
                let kannelFloor = try Self.curlFloor(url: plainURL, count: 4 * kannelCount, body: nil)
                floors.append(floorRow("libcurl alone against Kannel: wrk's request, 64 in flight, nothing stored", kannelFloor.count,
                                       kannelFloor.rate, kannelFloor.cpuMicroseconds, against: plain.rate))
                // As for nginx above: Kannel's boxes share the cores, so their own work a message
                // counts against what any client can send through them.
                if let kannelCPU, let sqliteFloor, plain.requests > 0 {
                    floors.append(bestRow(client: kannelFloor, sqlite: sqliteFloor, peerCPUSeconds: kannelCPU, requests: plain.requests,
                                          against: plain.rate) { cores, peer in
                        String(format: "at best through Kannel on %d cores: libcurl against Kannel, SQLite alone, and Kannel's own %.1f µs a request (its three processes, measured under wrk), perfectly parallel",
                               cores, peer)
                    })
                }
            }
        }
        return (rows, floors)
    }

    /// `FloorBench.curl` in a process of its own, so its CPU time is its own.
    static func curlFloor(url: String, count: Int, body: String?) throws -> FloorBench.Result {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let output = try Driver.child(executable, ["curl-floor", url, "\(count)"] + (body.map { [$0] } ?? []))
        return try JSONDecoder().decode(FloorBench.Result.self, from: Data(output.utf8))
    }

    /// One row of the floors table: a rate, its CPU time a message, and the rate against wrk's.
    /// What the machine allows at best: the client's floor, SQLite's, and the peer's own CPU a
    /// request (measured under wrk), spread perfectly over every core, with nothing of Pengingat's own.
    static func bestRow(
        client: FloorBench.Result, sqlite: FloorBench.Result, peerCPUSeconds: Double, requests: Int, against ceiling: Double,
        describe: (_ cores: Int, _ peerMicroseconds: Double) -> String
    ) -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let peer = peerCPUSeconds / Double(requests) * 1e6
        let perMessage = client.cpuMicroseconds + sqlite.cpuMicroseconds + peer
        return floorRow(describe(cores, peer), nil, Double(cores) * 1e6 / perMessage, perMessage, against: ceiling)
    }

    static func floorRow(_ what: String, _ count: Int?, _ rate: Double, _ cpuMicroseconds: Double, against ceiling: Double?) -> String {
        String(format: "| %@ | %@ | %.0f/s | %.1f µs | %@ |", what, count?.formatted() ?? "–", rate, cpuMicroseconds,
               ceiling.map { String(format: "%.2f×", rate / max($0, 1e-9)) } ?? "–")
    }

    /// One row: Pengingat against a baseline, with the ratio and whether it meets `target`
    /// (Pengingat's rate at least `target` times the baseline's).
    static func row(_ target: String, _ count: Int, _ rate: Double, _ peak: Int, _ baseline: String, _ baselineRate: Double,
                    _ baselinePeak: Int, target goal: Double) -> String {
        let ratio = rate / max(baselineRate, 1e-9)
        let goalText = goal >= 1 ? String(format: "≥ %.0f×", goal) : String(format: "≥ %.1f×", goal)
        return String(format: "| %@ | %@ | %.0f/s | %@ | %@ | %.0f/s | %@ | %.2f× | %@ | %@ |", target, count.formatted(), rate,
                      Driver.mib(peak), baseline, baselineRate, Driver.mib(baselinePeak), ratio, goalText,
                      ratio >= goal ? "yes" : "**no**")
    }
}

actor PortHolder {
    private var port: Int?
    func set(_ value: Int) { port = value }
    func wait() async throws -> Int {
        for _ in 0..<400 {
            if let port { return port }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw CancellationError()
    }
}
