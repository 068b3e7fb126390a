import Foundation

/// Runs each measurement in a child process and writes the table into BENCHMARKS.md.
enum Driver {
    static func run(sizes: [Int]) async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let folder = ProcessInfo.processInfo.environment["PENGINGAT_BENCH_DIR"] ?? "var/bench"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var rows: [String] = []
        var planSeconds: [Int: Double] = [:]
        for size in sizes {
            let path = "\(folder)/roster-\(size).sqlite"
            FileHandle.standardError.write(Data("generating \(size) households…\n".utf8))
            _ = try child(executable, ["generate", "\(size)", path])
            FileHandle.standardError.write(Data("reading…\n".utf8))
            let read = try JSONDecoder().decode(Measurement.self, from: Data(try child(executable, ["read", path]).utf8))
            FileHandle.standardError.write(Data("planning…\n".utf8))
            let plan = try JSONDecoder().decode(Measurement.self, from: Data(try child(executable, ["plan", path]).utf8))
            let ratio = plan.seconds / max(read.seconds, 0.000_001)
            let cpuRatio = plan.cpuSeconds / max(read.cpuSeconds, 0.000_001)
            let line = String(
                format: "| %@ | %d | %.2f | %.0f | %.2f | %.2f× | %@ | %.2f× | %.0f | %.0f | %@ | %@ |",
                size.formatted(), read.members, read.seconds, Double(read.households) / max(read.seconds, 1e-9),
                plan.seconds, ratio, ratio <= 2 ? "yes" : "**no**", cpuRatio, Double(read.households) / max(plan.seconds, 1e-9),
                Double(plan.items) / max(plan.seconds, 1e-9), mib(read.peakKiB), mib(plan.peakKiB))
            FileHandle.standardError.write(Data((line + "\n").utf8))
            rows.append(line + " \(plan.messages.formatted()) messages, \(plan.items.formatted()) items")
            planSeconds[size] = plan.seconds
        }
        FileHandle.standardError.write(Data("rencana against sqlite3 on 20,000 households…\n".utf8))
        let rencana = try measureRencana(folder: folder, executable: executable)
        try write(rows: rows, rencana: rencana, millionSeconds: planSeconds[1_000_000])
    }

    /// `pengingat rencana` planning a month for 20,000 households, measured from outside as a
    /// user runs it (table to /dev/null), against `sqlite3` reading the same household and member
    /// rows: the floor of issue 16's target (≤ 10×). Five interleaved runs each: `rencana`'s
    /// median against `sqlite3`'s fastest (a floor is what the machine can do; one `sqlite3` run
    /// takes 0.06–0.10 s here, and its median alone moved the ratio by a third).
    struct RencanaMeasurement {
        let households: Int
        let rencana: TimedRun
        let sqlite: TimedRun
        var ratio: Double { rencana.seconds / max(sqlite.seconds, 1e-9) }
    }

    struct TimedRun {
        let seconds: Double
        let cpuSeconds: Double
        let peakKiB: Int
    }

    static func measureRencana(folder: String, executable: String, households: Int = 20_000) throws -> RencanaMeasurement? {
        let pengingat = ProcessInfo.processInfo.environment["PENGINGAT_BIN"]
            ?? URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("pengingat").path
        guard FileManager.default.isExecutableFile(atPath: pengingat),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return nil }
        let path = "\(folder)/roster-\(households).sqlite"
        if !FileManager.default.fileExists(atPath: path) { _ = try child(executable, ["generate", "\(households)", path]) }
        var rencanaRuns: [TimedRun] = []
        var sqliteRuns: [TimedRun] = []
        for _ in 0..<5 {
            rencanaRuns.append(try timed(pengingat, [
                "rencana", "--db", path, "--pada", "2026-12-01T00:00+07:00", "--hari", "31",
            ], folder: folder))
            sqliteRuns.append(try timed("/usr/bin/env", ["sqlite3", path, "SELECT * FROM households; SELECT * FROM members;"],
                                        folder: folder))
        }
        func median(_ runs: [TimedRun]) -> TimedRun { runs.sorted { $0.seconds < $1.seconds }[runs.count / 2] }
        func fastest(_ runs: [TimedRun]) -> TimedRun { runs.min { $0.seconds < $1.seconds }! }
        return RencanaMeasurement(households: households, rencana: median(rencanaRuns), sqlite: fastest(sqliteRuns))
    }

    /// One run of a command with its output thrown away, measured by GNU time (wall, CPU, peak).
    static func timed(_ executable: String, _ arguments: [String], folder: String) throws -> TimedRun {
        let report = "\(folder)/time-report.txt"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%e %U %S %M", "-o", report, executable] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Wall time to the millisecond (GNU time gives hundredths, a sixth of `sqlite3`'s run).
        let start = Date()
        try process.run()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let fields = (try String(contentsOfFile: report, encoding: .utf8)).split(whereSeparator: \.isWhitespace)
            .suffix(4).compactMap { Double($0) }
        guard process.terminationStatus == 0, fields.count == 4 else {
            throw NSError(domain: "bench", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed"])
        }
        return TimedRun(seconds: seconds, cpuSeconds: fields[1] + fields[2], peakKiB: Int(fields[3]))
    }

    static func runDispatch(messages: Int) async throws {
        let folder = ProcessInfo.processInfo.environment["PENGINGAT_BENCH_DIR"] ?? "var/bench"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (rows, floors) = try await DispatchBench.run(messages: messages, folder: folder)
        // PENGINGAT_BENCH_SINK_ONLY=1 is for profiling one drain: it leaves BENCHMARKS.md alone.
        guard !rows.isEmpty else { return }
        let date = ISO8601DateFormatter().string(from: Date())
        try replaceSection("dispatch", with: """
            ## Dispatch: end to end (SQLite outbox → libcurl → delivery log), release build

            Measured \(date) on \(machine()). Pengingat claims due messages from a SQLite outbox, sends
            them with 64 in flight on one curl multi handle, and records every attempt and status
            change. Beside it, in the same run and against the same target: **Apprise** (PyPI
            `apprise`, its generic JSON notifier, one `notify()` per message, no delay between
            requests; `scripts/bench-apprise.py`) sending the same messages, and `wrk` (2 threads,
            32 connections, 5 s), a plain many-connections client repeating one request: the
            ceiling. The sink is a loopback nginx answering 200 to everything
            (`scripts/nginx-sink.sh`, started by `make bench`; the benchmark's own Hummingbird
            sink when run without it, as the row names). Targets: at least 20× Apprise's rate and
            half of wrk's against the sink; against Kannel, not the bottleneck (at least 0.8×
            what wrk gets from the same Kannel).
            Peak memory: VmHWM of the benchmark process during the drain (reset before each), and
            the baseline process's own peak (ru_maxrss).

            | target | messages | Pengingat | Pengingat peak | baseline | baseline rate | baseline peak | ratio | target | met |
            |---|---:|---:|---:|---|---:|---:|---:|---|---|
            \(rows.joined(separator: "\n"))

            **Floors**, in the same run (`FloorBench`): what the two parts the dispatcher stands on
            cost with nothing else around them. libcurl alone sends the same requests from one
            thread with nothing stored, no rule and no Swift task; SQLite alone makes the writes
            of the same number of sends (claim with lease and daily count, outcome, two log
            lines) as set-based SQL in the `sqlite3` shell, with the writer's settings, nothing
            sent. CPU is user plus system time a message of the process doing the work (the
            sink's own is not in it). A floor below a target's rate means no dispatcher built on
            these parts meets that target on this machine.

            | what | messages | rate | CPU a message | against wrk |
            |---|---:|---:|---:|---:|
            \(floors.joined(separator: "\n"))
            """)
    }

    static func runImport(households: Int) async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let folder = ProcessInfo.processInfo.environment["PENGINGAT_BENCH_DIR"] ?? "var/bench"
        let csv = "\(folder)/roster-csv-\(households)"
        FileHandle.standardError.write(Data("writing a CSV roster of \(households) households…\n".utf8))
        _ = try child(executable, ["import-generate", "\(households)", csv])
        FileHandle.standardError.write(Data("importing…\n".utf8))
        let result = try JSONDecoder().decode(
            ImportBench.Result.self,
            from: Data(try child(executable, ["import-measure", csv, "\(folder)/import-\(households).sqlite"]).utf8))
        let shell = try ImportBench.sqliteShellSeconds(folder: csv, database: "\(folder)/import-shell-\(households).sqlite")
        // The same files into a fresh PostgreSQL database, when `make bench` started one.
        var postgresRow = ""
        if let base = ProcessInfo.processInfo.environment["PENGINGAT_BENCH_POSTGRES_URL"] {
            let url = try ScalingBench.freshDatabase(base, name: "bench_import_\(UUID().uuidString.prefix(8).lowercased())")
            FileHandle.standardError.write(Data("importing into PostgreSQL…\n".utf8))
            let postgres = try JSONDecoder().decode(
                ImportBench.Result.self, from: Data(try child(executable, ["import-measure", csv, url]).utf8))
            let postgresRate = Double(postgres.households) / max(postgres.firstSeconds, 1e-9)
            postgresRow = String(
                format: "\n| PostgreSQL | %@ | %@ | %d | %.2f s | %.2f s | %.0f | – | %.2f s | %@ | – | – |",
                households.formatted(), postgres.members.formatted(), postgres.rejectedRows, postgres.firstSeconds,
                postgres.firstCPUSeconds, postgresRate, postgres.againSeconds, mib(postgres.peakKiB))
        }
        let rate = Double(result.households) / max(result.firstSeconds, 1e-9)
        let shellCell = shell.map { String(format: "%.2f s (%.0f households/s)", $0, Double(households) / max($0, 1e-9)) } ?? "sqlite3 not installed"
        let ratio = shell.map { String(format: "%.2f×", $0 / max(result.firstSeconds, 1e-9)) } ?? "–"
        let row = String(
            format: "| SQLite | %@ | %@ | %d | %.2f s | %.2f s | **%.0f** | %@ | %.2f s | %@ | %@ | %@ |",
            households.formatted(), result.members.formatted(), result.rejectedRows, result.firstSeconds, result.firstCPUSeconds,
            rate, rate >= 20_000 ? "yes" : "**no**", result.againSeconds, mib(result.peakKiB), shellCell, ratio)
        FileHandle.standardError.write(Data((row + "\n").utf8))
        let order = ["reading", "checking pendamping", "checking posyandu", "checking kelompok", "checking kpm", "checking anggota", "storing"]
        let phases = order.compactMap { name in result.phases[name].map { String(format: "%@ %.2f s", name, $0) } }.joined(separator: ", ")
        let date = ISO8601DateFormatter().string(from: Date())
        try replaceSection("import", with: """
            ## Roster import: CSV into SQLite and PostgreSQL, release build

            Measured \(date) on \(machine()). `RosterImporter` reads the five CSV files of a generated
            roster (semicolon-separated with a BOM and dd/mm/yyyy dates, as an Indonesian-locale Excel
            writes them; one row in 200 of kpm.csv has a phone number too short to be one, so that row and
            its members' rows are rejected, and one in 200 of anggota.csv a date that does not exist:
            reporting bad rows is part of the run), checks
            every value and reference, and stores the result in a fresh SQLite file in one
            transaction; then imports the same files again (nothing changes, nothing is written).
            Beside it: the `sqlite3` shell's `.import` of kpm.csv and anggota.csv into bare tables
            (no checks, no indexes), what loading these bytes into SQLite costs at the least.
            Target: at least 20,000 households/s with their members, valid rows kept, bad rows
            reported exactly as before. The PostgreSQL row (no target) is the same import into a fresh
            database of the throwaway cluster on loopback: each table's changed rows go in one
            statement.

            | store | households | members stored | rows rejected | first import | its CPU | households/s | ≥ 20,000/s | again (unchanged) | peak | sqlite3 .import | sqlite3 / Pengingat time |
            |---|---:|---:|---:|---:|---:|---:|:--:|---:|---:|---:|---:|
            \(row)\(postgresRow)

            Where the first import's time went (its progress reports): \(phases).
            """)
    }

    /// Replaces one generated section of BENCHMARKS.md (between its markers), keeping the rest.
    static func replaceSection(_ name: String, with body: String) throws {
        let path = "BENCHMARKS.md"
        let start = "<!-- \(name):start -->"
        let end = "<!-- \(name):end -->"
        let section = "\(start)\n\(body)\n\(end)"
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Benchmarks\n\nWritten by `make bench`; do not edit the generated sections by hand.\n"
        if let lower = text.range(of: start), let upper = text.range(of: end) {
            text.replaceSubrange(lower.lowerBound..<upper.upperBound, with: section)
        } else {
            text += "\n" + section + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    }

    /// Where the dispatch rows send: the nginx that `scripts/run-bench.sh` starts
    /// (`PENGINGAT_BENCH_SINK_URL`, from `scripts/nginx-sink.sh`), or else the benchmark's own
    /// Hummingbird sink (`pengingat-bench sink`) as a child process.
    struct Sink {
        let url: String
        let port: Int
        /// Nil for the nginx: the script that started it stops it.
        let process: Process?
        let name: String
    }

    static func startSink() throws -> Sink {
        if let url = ProcessInfo.processInfo.environment["PENGINGAT_BENCH_SINK_URL"], let port = URLComponents(string: url)?.port {
            return Sink(url: url, port: port, process: nil, name: "nginx")
        }
        let sink = Process()
        sink.executableURL = URL(fileURLWithPath: URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path)
        sink.arguments = ["sink"]
        let out = Pipe()
        sink.standardOutput = out
        try sink.run()
        let portLine = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(portLine.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            stop(sink)
            throw NSError(domain: "bench", code: 2, userInfo: [NSLocalizedDescriptionKey: "sink did not start: \(portLine)"])
        }
        return Sink(url: "http://127.0.0.1:\(port)/send", port: port, process: sink, name: "Hummingbird sink")
    }

    static func stop(_ sink: Sink) {
        if let process = sink.process { stop(process) }
    }

    /// SIGKILL: a child started from a concurrency thread may have SIGTERM blocked.
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func runScaling(messages: Int) async throws {
        let folder = ProcessInfo.processInfo.environment["PENGINGAT_BENCH_DIR"] ?? "var/bench"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let pengingat = ProcessInfo.processInfo.environment["PENGINGAT_BIN"] else {
            throw NSError(domain: "bench", code: 3, userInfo: [NSLocalizedDescriptionKey: "PENGINGAT_BIN (the release pengingat) is not set"])
        }
        let rows = try await ScalingBench.run(
            messages: messages, postgresURL: ProcessInfo.processInfo.environment["PENGINGAT_BENCH_POSTGRES_URL"],
            pengingat: pengingat, folder: folder)
        let single = rows.first { $0.store == "PostgreSQL" && $0.dispatchers == 1 }
        let table = rows.map { row in
            let ratio = single.map { String(format: "%.2f", row.rate / $0.rate) } ?? "–"
            return String(format: "| %@ | %d | %@ | %.1f s | %.0f/s | %@ | %@ |", row.store, row.dispatchers, row.messages.formatted(),
                          row.seconds, row.rate, ratio, mib(row.peakKiB))
        }
        let date = ISO8601DateFormatter().string(from: Date())
        try replaceSection("scaling", with: """
            ## Dispatchers: 1, 2 and 4 processes on PostgreSQL, 1 on SQLite, release build

            Measured \(date) on \(machine()). Each row drains the same outbox into the sink (nginx under `make bench`)
            with whole `pengingat kirim --sekali` processes (64 in flight each, claims with `FOR UPDATE
            SKIP LOCKED` on PostgreSQL); the time runs from starting the processes until the last one
            has exited (each exits when nothing is left to claim; all are then checked accepted), so it
            includes their start (under 0.1 s each). PostgreSQL runs on the same 2 cores, with fsync
            off (a throwaway cluster). Ratio: rate against one dispatcher on PostgreSQL. Peak memory:
            the largest dispatcher process.

            | store | dispatchers | messages | time | rate | ratio | peak memory |
            |---|---:|---:|---:|---:|---:|---:|
            \(table.joined(separator: "\n"))
            """)
    }

    static func mib(_ kib: Int) -> String { String(format: "%.0f MiB", Double(kib) / 1024) }

    static func child(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "bench", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first?.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { "\($0 / 1_048_576) GiB" } ?? "?"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \(memory) RAM, "
            + "\(ProcessInfo.processInfo.operatingSystemVersionString)"
    }

    /// Replaces the planner section of BENCHMARKS.md, keeping any other sections.
    static func write(rows: [String], rencana: RencanaMeasurement?, millionSeconds: Double?) throws {
        let rencanaRow = rencana.map { measured in
            String(format: "| `rencana --hari 31`, %@ households, against `sqlite3` reading their households and members | %.2f s (CPU %.2f s, peak %@) | %.3f s | %.1f× | ≤ 10× | %@ |",
                   measured.households.formatted(), measured.rencana.seconds, measured.rencana.cpuSeconds,
                   mib(measured.rencana.peakKiB), measured.sqlite.seconds, measured.ratio, measured.ratio <= 10 ? "yes" : "**no**")
        } ?? "| `rencana` against `sqlite3` | not measured: the release `pengingat` or GNU time (`/usr/bin/time`) is missing | | | ≤ 10× | |"
        let millionRow = millionSeconds.map { seconds in
            String(format: "| planning a month for 1,000,000 households (the plan column above) | %.1f s | | | under 60 s | %@ |",
                   seconds, seconds < 60 ? "yes" : "**no**")
        } ?? "| planning a month for 1,000,000 households | not in this run's sizes | | | under 60 s | |"
        let date = ISO8601DateFormatter().string(from: Date())
        try replaceSection("planner", with: """
            ## Planner: one month for generated rosters (SQLite, release build)

            Measured \(date) on \(machine()). Each column pair comes from the same run of
            `make bench`: **read** is every group's households, members, meeting changes, recent
            messages and verifications read from the store as the planner reads them (eight groups
            to a read); **plan** is that read plus computing the month (meetings, obligations,
            reminder policy), merging per phone and day and rendering every text, streamed group by
            group (not committed), up to two batches of groups per core at a time. The read is one
            stream; "plan/read CPU" compares user+system CPU time, which does not depend on how many
            cores the planner used. Peak memory is each process's VmHWM.
            Target: plan ≤ 2× read (wall time), memory bounded as the roster grows.

            | households | members | read s | read households/s | plan s | plan/read | ≤ 2× | plan/read CPU | plan households/s | plan items/s | read peak | plan peak | planned |
            |---:|---:|---:|---:|---:|---:|:--:|---:|---:|---:|---:|---:|---|
            \(rows.joined(separator: "\n"))

            Issue 16's targets, in the same run: `pengingat rencana` measured from outside as a
            facilitator runs it (release build, the table written to /dev/null; five runs
            interleaved with five of `sqlite3`, `rencana`'s median against `sqlite3`'s fastest,
            wall time to the millisecond), and the 1M row above.

            | what | time | floor (`sqlite3`) | ratio | target | met |
            |---|---:|---:|---:|---|---|
            \(rencanaRow)
            \(millionRow)
            """)
    }
}
