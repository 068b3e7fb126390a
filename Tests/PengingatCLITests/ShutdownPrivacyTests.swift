import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import PengingatCore
import PengingatStore
import PengingatTestSupport
import Testing

/// Whole `pengingat` processes: stopped with SIGTERM in the middle of sending, and a full
/// walkthrough whose logs and errors are read for what they must never hold.
@Suite("Shutdown and privacy", .serialized, .timeLimit(.minutes(10)))
struct ShutdownPrivacyTests {
    /// Starts `pengingat` with an empty signal mask, as a shell would: a process spawned from a
    /// Swift concurrency or dispatch thread inherits that thread's blocked SIGTERM.
    static func startUnblocked(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> Process {
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c",
                             "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
                             try CommandLineTests.executable()] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CommandLineTests.repositoryRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    /// Waits until `condition` holds for `process`. No deadline of its own: the suite's time
    /// limit ends a hang, and the process is killed then rather than left behind.
    static func wait(on process: Process, until condition: @escaping () -> Bool) async throws {
        do {
            try await waitUntil { condition() }
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }

    static func waitForExit(_ process: Process) async throws {
        try await wait(on: process) { !process.isRunning }
    }

    /// Waits until `process` has written `line` to its log (or has ended).
    static func waitForLine(_ line: String, in log: String, of process: Process) async throws {
        try await wait(on: process) {
            !process.isRunning || ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(line)
        }
    }

    @Test("SIGTERM in the middle of dispatch: sends in flight finish, the rest go back to the queue, nothing lost or sent twice")
    func sigtermMidDispatch() async throws {
        let folder = NSTemporaryDirectory() + "pengingat-sigterm-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = folder + "/pengingat.sqlite"
        let store = try SQLiteStore(path: database, logger: Logger(label: "test"))
        let now = Date()
        let keys = (0..<40).map { String(format: "term-%03d", $0) }
        let messages = keys.enumerated().map { index, key in
            OutboxMessage(
                key: key, source: "term", phone: try! PhoneNumber(parsing: "0812\(String(format: "%08d", 30_000_000 + index))"),
                channel: .sms, language: .indonesian, groupID: "TERM", dueAt: now.addingTimeInterval(-60),
                expiresAt: now.addingTimeInterval(3_600), priority: 5, text: "Pesan \(key)", segments: 1, encoding: "GSM-7", items: [])
        }
        _ = try await store.commit(messages, source: "term", groupID: nil, window: DateInterval(start: now, duration: 0), stale: [], at: now)
        let sink = try CrashTests.Sink.start()
        defer { sink.stop() }
        let configuration = folder + "/pengingat.yaml"
        try """
            dispatch:
              channels: {sms: [sink], whatsapp: [sink], email: [sink]}
              concurrency: 8
              poll_seconds: 0.2
            reminders:
              max_messages_per_phone_per_day: 100
            gateways:
              sink:
                type: http
                method: POST
                url: "http://127.0.0.1:\(sink.port)/send?id={{id|url}}&hold=1"
                body: "text={{text|url}}"
            """.write(toFile: configuration, atomically: true, encoding: .utf8)

        let log = folder + "/kirim.log"
        let worker = try Self.startUnblocked(["kirim", "--db", database, "--config", configuration], log: log,
                                             environment: ["PENGINGAT_LOG_LEVEL": "info"])
        // The sink holds every answer: once `concurrency` sends are on the wire, nothing else can go.
        try await waitUntil { try sink.records().count >= 8 }
        let inFlightAtSignal = try sink.records().count
        #expect(inFlightAtSignal == 8)
        kill(worker.processIdentifier, SIGTERM)
        // The sends in flight end only once kirim has heard the stop, so none of the claimed
        // messages waiting behind them can start.
        try await Self.waitForLine("stopping: sends in flight finish", in: log, of: worker)
        try sink.release()
        try await Self.waitForExit(worker)
        #expect(worker.terminationStatus == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // Every message is either sent and recorded, or back in the queue unclaimed.
        var accepted: [String] = []
        for key in keys {
            let message = try #require(try await store.outboxMessage(key: key))
            #expect(message.state == .accepted || message.state == .queued, "\(key) is \(message.state)")
            if message.state == .accepted { accepted.append(key) }
        }
        let sentBeforeStop = Set(try sink.records().map(\.id))
        #expect(Set(accepted) == sentBeforeStop, "what reached the sink is what the outbox records as sent")
        #expect(accepted.count == inFlightAtSignal, "the sends in flight finish; nothing starts after the stop")

        // The next run sends the rest, and only the rest.
        let rest = try await CommandLineTests.run(["kirim", "--sekali", "--db", database, "--config", configuration])
        #expect(rest.status == 0, "\(rest.stderr)")
        let records = try sink.records()
        #expect(records.count == keys.count, "each message reached the sink exactly once")
        #expect(Set(records.map(\.id)) == Set(keys))
        for key in keys { #expect(try await store.outboxMessage(key: key)?.state == .accepted) }
    }

    @Test("a full walkthrough: no log line or error holds a full phone number, a NIK, a message text or a secret")
    func privacy() async throws {
        let folder = NSTemporaryDirectory() + "pengingat-privacy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/pengingat.sqlite"
        let outbox = folder + "/outbox.jsonl"
        let configuration = folder + "/pengingat.yaml"
        // The shipped defaults, with the file gateway writing here, and a Kannel that is not
        // there (a closed port; its password from the environment) tried first for SMS.
        try """
            dispatch:
              channels: {sms: [kannel, file], whatsapp: [file], email: [file]}
            gateways:
              file: {type: file, path: "\(outbox)"}
              kannel:
                type: kannel
                url: "http://127.0.0.1:\(DispatchCommandTests.freePort())/cgi-bin/sendsms"
                username: pengingat
                password_env: PENGINGAT_KANNEL_PASSWORD
            """.write(toFile: configuration, atomically: true, encoding: .utf8)
        let secrets = ["PENGINGAT_CALLBACK_SECRET": "rahasia-callback-7Q2X", "PENGINGAT_KANNEL_PASSWORD": "rahasia-kannel-9K1M",
                       "PENGINGAT_WHATSAPP_TOKEN": "rahasia-wa-token-3Z8P", "PENGINGAT_ADMIN_PASSWORD": "rahasia-admin-5T4R"]

        var runs: [(String, CommandLineTests.Run)] = []
        func step(_ arguments: [String], level: String? = nil) async throws {
            var environment = secrets
            if let level { environment["PENGINGAT_LOG_LEVEL"] = level }
            runs.append((arguments.joined(separator: " "), try await CommandLineTests.run(arguments, environment: environment)))
        }
        let at = ["--db", db, "--config", configuration]
        try await step(["impor", "Config/contoh", "--db", db, "--hari-ini", "2026-11-16"])
        try await step(["impor", "Config/contoh-kotor", "--db", folder + "/kotor.sqlite", "--hari-ini", "2026-11-16"])
        try await step(["rencana", "--pada", "2026-12-07T00:00+07:00", "--hari", "2", "--simpan"] + at)
        try await step(["kirim", "--sekali", "--pada", "2026-12-07T17:00+07:00"] + at, level: "info")
        try await step(["kehadiran", "catat", "--pertemuan", "KLP-01/2026-12", "--tidak-hadir", "KPM-0001,KPM-0002",
                        "--izin", "KPM-0004:anak sakit", "--oleh", "contoh", "--pada", "2026-12-08T12:00+07:00"] + at)
        try await step(["kirim", "--sekali", "--pada", "2026-12-09T07:00+07:00", "--tunggu-laporan", "0"] + at, level: "info")
        try await step(["siaran", "--ke", "kelompok:KLP-01", "--teks", "{{sapaan}} {{nama}}, pencairan bantuan PKH tahap 4 mulai Senin.",
                        "--sekarang", "2026-12-09T08:00+07:00"] + at)
        try await step(["kirim", "--sekali", "--pada", "2026-12-09T08:05+07:00", "--tunggu-laporan", "0"] + at, level: "info")
        try await step(["balasan", "terima", "--dari", "08576670613", "--teks", "jadwal? anak saya sakit", "--pada", "2026-12-02T10:00+07:00"] + at)
        try await step(["balasan", "terima", "--dari", "08576670613", "--teks", "Berhenti", "--pada", "2026-12-02T10:05+07:00"] + at)
        try await step(["ringkasan", "--pendamping", "PDP-01", "--pada", "2026-12-08T06:00+07:00"] + at)
        try await step(["akun", "tambah", "siti", "--peran", "pendamping", "--pendamping", "PDP-01", "--db", db])
        try await step(["cadangkan", "--db", db, "--ke", folder + "/cadangan.sqlite"])
        try await step(["bersihkan", "--simpan-hari", "35"] + at)
        // Errors: a household that is not there, a phone that is not a phone, a bad date.
        try await step(["kpm", "lihat", "KPM-9999", "--db", db])
        try await step(["balasan", "terima", "--dari", "0857667061300000", "--teks", "halo"] + at)
        try await step(["rencana", "--pada", "kemarin sore"] + at)
        // `layani` makes the first admin (siti above is a facilitator) with the password from
        // the environment, says so, and never prints it; stopped once it has said it.
        let serveLog = folder + "/layani.log"
        let server = try Self.startUnblocked(
            ["layani", "--tanpa-kirim", "--dengar", "127.0.0.1:\(DispatchCommandTests.freePort())"] + at, log: serveLog,
            environment: secrets.merging(["PENGINGAT_LOG_LEVEL": "info"]) { $1 })
        try await Self.waitForLine("Akun admin pertama dibuat", in: serveLog, of: server)
        kill(server.processIdentifier, SIGTERM)
        try await Self.waitForExit(server)
        let served = try String(contentsOfFile: serveLog, encoding: .utf8)
        #expect(served.contains("Akun admin pertama dibuat. Nama akun: admin  Kata sandi: yang diberikan di PENGINGAT_ADMIN_PASSWORD"),
                "\(served)")
        runs.insert(("layani", CommandLineTests.Run(status: 0, stdout: served, stderr: served)), at: runs.count - 3)

        // What households' data looks like: every phone in the roster in its written and
        // normalised forms, and the texts that went out.
        // Both rosters imported: the faulty one's rows are echoed back in its error report.
        let roster = try ["contoh/kpm.csv", "contoh/pendamping.csv", "contoh-kotor/kpm.csv", "contoh-kotor/pendamping.csv"]
            .map { try String(contentsOfFile: CommandLineTests.repositoryRoot + "/Config/" + $0, encoding: .utf8) }
            .joined(separator: "\n")
        // The number the remedies show as an example ("tulis seperti 081234567890"), which one
        // faulty row also carries, in each of its forms.
        let examples = ["+6281234567890", "6281234567890", "081234567890"]
        var phones = Set<String>()
        for field in roster.split(whereSeparator: { ";\n\r".contains($0) }).map(String.init) {
            if field.allSatisfy(\.isNumber) && field.count >= 10 { phones.insert(field) }
            // Written any way the roster allows ("+62 813-2222-3333"): every normalised form.
            if let phone = try? PhoneNumber(parsing: field) {
                phones.formUnion([phone.e164, String(phone.e164.dropFirst()), "0" + phone.e164.dropFirst(3)])
            }
        }
        phones.insert("08576670613")
        phones.subtract(examples)
        #expect(phones.count > 50)
        let texts = try String(contentsOfFile: outbox, encoding: .utf8).split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object["text"] as? String
        }
        #expect(texts.count > 20, "the walkthrough sent messages")
        let nik = #"(?<![0-9A-Fa-f])\d{16}(?![0-9A-Fa-f])"#
        // Any mobile number at all, but the example.
        let anyPhone = #"(?<![0-9A-Fa-f])(\+?62|0)8\d{7,}(?![0-9A-Fa-f])"#

        for (command, run) in runs {
            // Logs and errors go to standard error; a failed command's standard output is read too.
            let said = run.stderr + (run.status == 0 ? "" : run.stdout)
            for phone in phones { #expect(!said.contains(phone), "\(command): a phone number \(phone.prefix(5))… in its output") }
            #expect(said.range(of: nik, options: .regularExpression) == nil, "\(command): a NIK-like number")
            let withoutExamples = examples.reduce(said) { $0.replacingOccurrences(of: $1, with: "") }
            #expect(withoutExamples.range(of: anyPhone, options: .regularExpression) == nil, "\(command): a phone number")
            for text in texts where text.count >= 30 {
                #expect(!said.contains(String(text.prefix(30))), "\(command): a message text")
            }
            #expect(!said.contains("anak saya sakit"), "\(command): a household's reply")
            for secret in secrets.values { #expect(!(run.stdout + run.stderr).contains(secret), "\(command): a secret") }
        }
        // The error runs did fail, with codes.
        #expect(runs.suffix(3).allSatisfy { $0.1.status != 0 })
        #expect(runs.suffix(3).prefix(2).allSatisfy { $0.1.stderr.contains("Gagal: [") })
        #expect(runs[runs.count - 2].1.stderr.contains("0857••••••••••00"), "the wrong number is shown, masked")
    }
}
