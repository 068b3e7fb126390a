import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// Runs the built `pengingat` binary the way a facilitator or a script does.
@Suite("pengingat command line")
struct CommandLineTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The binary sits next to the test bundle in the build folder.
    static func executable() throws -> String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("pengingat").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        let fallback = repositoryRoot + "/.build/debug/pengingat"
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: fallback])
        }
        return fallback
    }

    /// Waits for the binary on a thread of its own: a test blocking a cooperative thread for
    /// seconds holds up every async test in the process (two threads on a 2-core machine).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) let running = process
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                // Standard error is drained beside standard output, so neither pipe can fill up.
                nonisolated(unsafe) var stderr = Data()
                let done = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    stderr = err.fileHandleForReading.readDataToEndOfFile()
                    done.signal()
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                done.wait()
                running.waitUntilExit()
                continuation.resume(returning: Run(
                    status: running.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                    stderr: String(decoding: stderr, as: UTF8.self)))
            }
        }
    }

    static func temporaryDatabase() -> String {
        NSTemporaryDirectory() + "pengingat-cli-\(UUID().uuidString)/pengingat.sqlite"
    }

    @Test("help names every command in Indonesian and English")
    func help() async throws {
        let run = try await Self.run(["--help"])
        #expect(run.status == 0)
        for pair in ["impor, import", "kpm, household", "kelompok, group", "kehadiran, attendance", "siaran, broadcast", "balasan, replies"] {
            #expect(run.stdout.contains(pair), "missing \(pair)")
        }
        let importHelp = try await Self.run(["import", "--help"])
        #expect(importHelp.stdout.contains("--strict"))
        #expect(importHelp.stdout.contains("Kode keluar"))
    }

    @Test("importing the sample roster exits 0 and stores 497 households")
    func importSample() async throws {
        let db = Self.temporaryDatabase()
        let run = try await Self.run(["impor", "Config/contoh", "--db", db, "--hari-ini", "2026-11-16"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("KPM: 497 baru"))
        let list = try await Self.run(["kpm", "daftar", "--db", db])
        #expect(list.stdout.contains("497 KPM"))
        let again = try await Self.run(["import", "Config/contoh", "--db", db, "--today", "16/11/2026"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("KPM: 0 baru, 0 berubah, 497 sama"))
    }

    @Test("the faulty roster exits 1 and names each mistake's file, line and column")
    func importFaulty() async throws {
        let db = Self.temporaryDatabase()
        let run = try await Self.run(["impor", "Config/contoh-kotor", "--db", db, "--hari-ini", "2026-11-16"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("kpm.csv baris 5, kolom no_hp (ke-3): \"0812345\""))
        #expect(run.stdout.contains("[HP02]"))
        #expect(run.stdout.contains("anggota.csv baris 3, kolom tanggal_lahir (ke-5): \"31/02/2020\""))
        #expect(run.stdout.contains("KPM: 4 baru"))
    }

    @Test("--strict on the faulty roster exits 2 and stores nothing")
    func strict() async throws {
        let db = Self.temporaryDatabase()
        let run = try await Self.run(["impor", "--strict", "Config/contoh-kotor", "--db", db, "--hari-ini", "2026-11-16"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("Tidak ada yang disimpan"))
        let list = try await Self.run(["kpm", "list", "--db", db])
        #expect(list.stdout.contains("0 KPM"))
    }

    @Test("listings honour the facilitator scope and mask phone numbers")
    func scopedListing() async throws {
        let db = Self.temporaryDatabase()
        _ = try await Self.run(["impor", "Config/contoh", "--db", db, "--hari-ini", "2026-11-16"])
        let run = try await Self.run(["kpm", "daftar", "--pendamping", "PDP-02", "--db", db])
        #expect(run.status == 0)
        #expect(run.stdout.contains("249 KPM"))
        #expect(!run.stdout.contains("KLP-01 "))
        // No full number: every phone shows as +62 and three digits, then stars.
        #expect(run.stdout.range(of: #"\+62\d{9,}"#, options: .regularExpression) == nil)
        #expect(run.stdout.range(of: #"\b08\d{8,}"#, options: .regularExpression) == nil)
        let groups = try await Self.run(["kelompok", "daftar", "--db", db])
        #expect(groups.stdout.contains("20 kelompok, 487 KPM aktif."))
    }

    @Test("an unknown household gets a message in Indonesian and exit 1")
    func unknownHousehold() async throws {
        let db = Self.temporaryDatabase()
        _ = try await Self.run(["impor", "Config/contoh", "--db", db, "--hari-ini", "2026-11-16"])
        let run = try await Self.run(["kpm", "lihat", "KPM-9999", "--db", db])
        #expect(run.status == 1)
        #expect(run.stderr.contains("KPM KPM-9999 tidak ditemukan"))
        let shown = try await Self.run(["kpm", "show", "KPM-0020", "--db", db])
        #expect(shown.stdout.contains("Anggota:"))
    }

    @Test("debug logs of an import hold no phone numbers")
    func logsArePrivate() async throws {
        let db = Self.temporaryDatabase()
        let run = try await Self.run(
            ["impor", "Config/contoh-kotor", "--db", db, "--hari-ini", "2026-11-16"],
            environment: ["PENGINGAT_LOG_LEVEL": "trace"])
        #expect(run.stderr.contains("roster imported"))
        // Phone numbers in any written form, and 16-digit NIKs. (Paths in debug logs hold UUIDs,
        // whose hex digits are not phone numbers: the pattern must not be fooled by them.)
        let phone = #"(?<![0-9A-Fa-f])(\+?62|0)8\d{7,}(?![0-9A-Fa-f])"#
        let nik = #"(?<![0-9A-Fa-f])\d{16}(?![0-9A-Fa-f])"#
        #expect(run.stderr.range(of: phone, options: .regularExpression) == nil, "\(run.stderr)")
        #expect(run.stderr.range(of: nik, options: .regularExpression) == nil, "\(run.stderr)")
    }

    @Test("a database path that cannot be used is an error with a code, exit 2")
    func badDatabase() async throws {
        let run = try await Self.run(["impor", "Config/contoh", "--db", "/proc/version/pengingat.sqlite"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("[DB"))
    }
}

@Suite("pengingat templat periksa")
struct TemplatesCommandTests {
    @Test("the shipped catalogue passes, listing kinds, samples, encodings and segments")
    func shippedPasses() async throws {
        let run = try await CommandLineTests.run(["templates", "check"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("p2k2-reminder-day-before [id] Templates/id/p2k2-reminder-day-before.mustache"))
        #expect(run.stdout.contains("variabel: sapaan, nama, kapan?, tanggal, jam, tempat, topik?, daring"))
        #expect(run.stdout.contains("contoh: Ibu Siti Aminah, besok Selasa, 8 Desember pukul 09.00 WIB"))
        #expect(run.stdout.contains("GSM-7"))
        // Every kind a household reads has Sundanese; the facilitator's digest is for the facilitator.
        #expect(run.stdout.contains("facilitator-digest [su] memakai templat Bahasa Indonesia"))
        #expect(run.stdout.contains("broadcast [su] Templates/su/broadcast.mustache"))
        #expect(run.stdout.contains("immunisation-due [su] Templates/su/immunisation-due.mustache"))
        #expect(run.stdout.contains("semua benar."))
    }

    @Test("a reminder that fits one SMS with the samples but not with realistic long values fails the check")
    func realisticLength() async throws {
        let folder = NSTemporaryDirectory() + "pengingat-long-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/id", withIntermediateDirectories: true)
        try ("{{sapaan}} {{nama}}, {{#kapan}}{{kapan}} {{/kapan}}{{tanggal}} pukul {{jam}} ada vitamin A gratis di {{posyandu}}, "
             + "{{tempat}}. Ajak {{anak}} ke posyandu, bawa buku KIA ya.\n")
            .write(toFile: folder + "/id/vitamin-a.mustache", atomically: true, encoding: .utf8)
        let run = try await CommandLineTests.run(["templat", "periksa", "--dir", folder, "--singkat"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("vitamin-a.mustache: [TPL09] Pesan vitamin-a dengan nama, tempat dan isi panjang"))
        #expect(run.stdout.contains("\"Bapak Ahmad Saepudin, besok Rabu, 29 September pukul 13.30 WITA ada vitamin A gratis"))
        #expect(run.stdout.contains("1 masalah."))
    }

    /// A template folder whose P2K2 reminder names a variable that does not exist (line 2, column 15).
    static func badTemplateFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "pengingat-bad-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/id", withIntermediateDirectories: true)
        try "{{sapaan}} {{nama}},\nbesok P2K2 di {{tempat_rapat}}.\n"
            .write(toFile: folder + "/id/p2k2-reminder-day-before.mustache", atomically: true, encoding: .utf8)
        return folder
    }

    @Test("a planted bad template fails the check with file and line, exit 1")
    func plantedBadTemplate() async throws {
        let folder = try Self.badTemplateFolder()
        let run = try await CommandLineTests.run(["templat", "periksa", "--dir", folder])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\(folder)/id/p2k2-reminder-day-before.mustache:2:15: [TPL02]"))
        #expect(run.stdout.contains("tempat_rapat"))
    }

    @Test("a command whose templates do not load names each problem with its file and line, exit 1")
    func commandWithBadTemplates() async throws {
        let folder = try Self.badTemplateFolder()
        let config = folder + "/pengingat.yaml"
        try "templates: {dir: \(folder)}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let run = try await CommandLineTests.run(["rencana", "--db", CommandLineTests.temporaryDatabase(), "--config", config])
        #expect(run.status == 1)
        // The catalogue's own text (file, line, code, what to do), not the error's type.
        #expect(run.stderr.contains("Gagal: \(folder)/id/p2k2-reminder-day-before.mustache:2:15: [TPL02]"))
        #expect(run.stderr.contains("tempat_rapat"))
        #expect(!run.stderr.contains("TemplateCatalogueError"))
    }

    @Test("a reminder over the SMS budget fails the check")
    func overBudget() async throws {
        let folder = NSTemporaryDirectory() + "pengingat-long-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/id", withIntermediateDirectories: true)
        try ("{{sapaan}} {{nama}}, " + String(repeating: "jangan lupa posyandu ya. ", count: 8))
            .write(toFile: folder + "/id/posyandu-child.mustache", atomically: true, encoding: .utf8)
        let run = try await CommandLineTests.run(["templates", "check", "--dir", folder, "--brief"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("[TPL09]"))
    }
}

@Suite("pengingat rencana and pertemuan")
struct PlanCommandTests {
    static func importedDatabase() async throws -> String {
        let db = CommandLineTests.temporaryDatabase()
        let run = try await CommandLineTests.run(["impor", "Config/contoh", "--db", db, "--hari-ini", "2026-11-16"])
        #expect(run.status == 0)
        return db
    }

    @Test("a month of the sample roster lists P2K2 and obligation reminders in Indonesian, phones masked")
    func month() async throws {
        let db = try await Self.importedDatabase()
        let run = try await CommandLineTests.run(["rencana", "--at", "2026-12-01T00:00+07:00", "--days", "31", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        for expected in ["p2k2-reminder-day-before", "posyandu-child", "antenatal-visit", "immunisation-due",
                         "ada P2K2 di", "Tugas pendamping:", "Kunjungan rumah bulanan"] {
            #expect(run.stdout.contains(expected), "missing \(expected)")
        }
        #expect(run.stdout.range(of: #"\+62\d{9,}"#, options: .regularExpression) == nil)
        let shown = try await CommandLineTests.run(["plan", "--at", "2026-12-01T00:00+07:00", "--days", "2", "--db", db, "--show-numbers"])
        #expect(shown.stdout.range(of: #"\+62\d{9,}"#, options: .regularExpression) != nil)
    }

    @Test("JSON has one object per message with the documented fields")
    func json() async throws {
        let db = try await Self.importedDatabase()
        let run = try await CommandLineTests.run(["plan", "--at", "2026-12-01T00:00+07:00", "--days", "31", "--format", "json", "--db", db])
        #expect(run.status == 0)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count > 500)
        for object in objects.prefix(50) {
            for field in ["key", "due_at", "event_at", "kind", "template", "language", "id_kpm", "id_kelompok", "phone",
                          "channel", "text", "segments"] {
                #expect(object[field] != nil, "missing \(field)")
            }
            let due = try #require(object["due_at"] as? String)
            #expect(due.hasSuffix("+07:00"))
        }
        #expect(objects.contains { $0["id_kpm"] is [String] }, "no merged message lists its households")
    }

    @Test("--simpan twice leaves the outbox unchanged the second time")
    func commitTwice() async throws {
        let db = try await Self.importedDatabase()
        let arguments = ["rencana", "--at", "2026-12-01T00:00+07:00", "--days", "31", "--db", db, "--simpan", "--format", "json"]
        let first = try await CommandLineTests.run(arguments)
        #expect(first.status == 0)
        #expect(first.stderr.contains("0 sama"))
        let second = try await CommandLineTests.run(arguments)
        #expect(second.stderr.contains("Kotak keluar: 0 baru, 0 berubah"))
        #expect(second.stderr.contains("0 ditarik"))
        #expect(second.stderr.contains("tugas baru: 0"))
    }

    @Test("moving and cancelling a meeting, by its id")
    func meetings() async throws {
        let db = try await Self.importedDatabase()
        let list = try await CommandLineTests.run(["pertemuan", "daftar", "--kelompok", "KLP-01", "--pada", "2026-12-01", "--db", db])
        #expect(list.stdout.contains("KLP-01/2026-12  Selasa, 8 Desember 2026 pukul 09.00 WIB"))
        // --pada takes an instant here as everywhere else.
        let fromInstant = try await CommandLineTests.run(
            ["pertemuan", "daftar", "--kelompok", "KLP-01", "--pada", "2026-12-01T08:00+07:00", "--db", db])
        #expect(fromInstant.status == 0, "\(fromInstant.stderr)")
        #expect(fromInstant.stdout == list.stdout)
        let move = try await CommandLineTests.run(["meeting", "move", "KLP-01/2026-12", "--to", "2026-12-10 13:30", "--place", "Rumah Ketua", "--db", db])
        #expect(move.status == 0, "\(move.stderr)")
        let plan = try await CommandLineTests.run(["rencana", "--at", "2026-12-01T00:00+07:00", "--days", "12", "--kelompok", "KLP-01", "--db", db])
        #expect(plan.stdout.contains("Kamis, 10 Desember pukul 13.30 WIB ada P2K2 di Rumah Ketua"))
        #expect(!plan.stdout.contains("8 Desember pukul 09.00 WIB ada P2K2"))
        let cancel = try await CommandLineTests.run(["pertemuan", "batal", "KLP-02/2026-12", "--db", db])
        #expect(cancel.status == 0)
        let bad = try await CommandLineTests.run(["pertemuan", "batal", "KLP-99/2026-12", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("Kelompok KLP-99 tidak ditemukan"))
    }
}

@Suite("pengingat kirim, log and laporan")
struct DispatchCommandTests {
    /// Ports handed out in this process, so two tests never get the same one.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A loopback port nothing listens on, below the kernel's ephemeral range (32768 and up). A
    /// port from bind(0) lies in that range, where an outgoing connection of another test (to
    /// PostgreSQL, to a test server) may take it as its local port before the command under test
    /// binds it: "Address already in use" under load.
    static func freePort() -> Int {
        while true {
            let port = Int.random(in: 20_000..<32_000)
            guard handedOut.withLock({ $0.insert(port).inserted }), canBind(port) else { continue }
            return port
        }
    }

    private static func canBind(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    @Test("the file gateway: due messages land in the file outbox, the log and the report show them")
    func fileOutbox() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let folder = (db as NSString).deletingLastPathComponent
        let outbox = folder + "/outbox.jsonl"
        let config = folder + "/pengingat.yaml"
        try """
            planner: {holidays: \(CommandLineTests.repositoryRoot)/Config/hari-libur.yaml, curriculum: \(CommandLineTests.repositoryRoot)/Config/kurikulum-p2k2.yaml, rules: \(CommandLineTests.repositoryRoot)/Config/aturan-kewajiban.yaml}
            gateways:
              file: {type: file, path: \(outbox)}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        _ = try await CommandLineTests.run(["rencana", "--db", db, "--config", config, "--pada", "2026-12-07T00:00+07:00", "--hari", "1", "--simpan"])
        let run = try await CommandLineTests.run(["kirim", "--sekali", "--db", db, "--config", config, "--pada", "2026-12-07T17:00+07:00"],
                                           environment: ["PENGINGAT_LOG_LEVEL": "trace"])
        #expect(run.status == 0, "\(run.stderr)")
        // Even at trace level, the dispatcher's logs hold no phone number and no message text.
        #expect(run.stderr.contains("message dispatched"))
        #expect(run.stderr.range(of: #"(?<![0-9A-Fa-f*])(\+?62|0)8\d{7,}(?![0-9A-Fa-f])"#, options: .regularExpression) == nil,
                "\(run.stderr.prefix(2000))")
        #expect(!run.stderr.contains("P2K2"))
        #expect(run.stdout.contains("Terkirim ke gateway: "))
        let lines = try String(contentsOfFile: outbox, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 50)
        #expect(lines.allSatisfy { $0.contains("\"to\":\"+62") && $0.contains("\"text\":\"") })
        let log = try await CommandLineTests.run(["log", "--db", db, "--status", "accepted", "--jumlah", "1000"])
        #expect(log.stdout.contains("sending → accepted"))
        #expect(log.stdout.range(of: #"\+62\d{9,}"#, options: .regularExpression) == nil, "a full number in the log")
        let report = try await CommandLineTests.run(["laporan", "pengiriman", "--db", db, "--sejak", "2026-12-01", "--sampai", "2026-12-31"])
        #expect(report.stdout.contains("KLP-01"))
        #expect(report.stdout.contains("Terkirim"))
    }

    /// A configuration beside the imported database `db` with the report listener on a free
    /// port; `dispatch` and `gateways` are YAML lines of their own (indented as written here).
    static func withListener(db: String, dispatch: String = "", gateways: String) throws -> (config: String, port: Int) {
        let folder = (db as NSString).deletingLastPathComponent
        let config = folder + "/pengingat.yaml"
        let port = freePort()
        let root = CommandLineTests.repositoryRoot
        try """
            planner: {holidays: \(root)/Config/hari-libur.yaml, curriculum: \(root)/Config/kurikulum-p2k2.yaml, rules: \(root)/Config/aturan-kewajiban.yaml}
            dispatch:
            \(dispatch)
              callback_listen: "127.0.0.1:\(port)"
              callback_public_url: "http://127.0.0.1:\(port)"
            gateways:
            \(gateways)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return (config, port)
    }

    @Test("kirim --sekali with the report listener ends quietly: no error is logged on a normal exit")
    func quietExitWithListener() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let folder = (db as NSString).deletingLastPathComponent
        let (config, _) = try Self.withListener(db: db, gateways: "  file: {type: file, path: \"\(folder)/outbox.jsonl\"}")
        _ = try await CommandLineTests.run(["rencana", "--db", db, "--config", config, "--pada", "2026-12-07T16:00+07:00", "--hari", "1",
                                            "--simpan"])
        let run = try await CommandLineTests.run(
            ["kirim", "--sekali", "--db", db, "--config", config, "--pada", "2026-12-07T17:00+07:00", "--tunggu-laporan", "0"],
            environment: ["PENGINGAT_CALLBACK_SECRET": "rahasia-cli", "PENGINGAT_LOG_LEVEL": "info"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Terkirim ke gateway:") && !run.stdout.contains("Terkirim ke gateway: 0,"), "\(run.stdout)")
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(" error ") || $0.contains(" critical ") }
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("with the kannel gateway configured, kirim --sekali delivers through the real Kannel and the log shows delivered",
          .enabled(if: ProcessInfo.processInfo.environment["PENGINGAT_KANNEL_ENV"] != nil))
    func kannel() async throws {
        let envFile = try #require(ProcessInfo.processInfo.environment["PENGINGAT_KANNEL_ENV"])
        var kannel: [String: String] = [:]
        for line in try String(contentsOfFile: envFile, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { kannel[parts[0]] = parts[1] }
        }
        let db = try await PlanCommandTests.importedDatabase()
        let (config, port) = try Self.withListener(db: db, dispatch: "  channels: {sms: [kannel], whatsapp: [kannel]}", gateways: """
              kannel:
                type: kannel
                url: \(kannel["KANNEL_SENDSMS_URL"] ?? "")
                username: \(kannel["KANNEL_USERNAME"] ?? "")
                password_env: PENGINGAT_KANNEL_PASSWORD
            """)
        _ = try await CommandLineTests.run(["rencana", "--db", db, "--config", config, "--pada", "2026-12-07T16:00+07:00", "--hari", "1",
                                      "--kelompok", "KLP-01", "--simpan"])
        let environment = ["PENGINGAT_KANNEL_PASSWORD": kannel["KANNEL_PASSWORD"] ?? "", "PENGINGAT_CALLBACK_SECRET": "rahasia-cli"]
        let run = try await CommandLineTests.run(
            // kirim stops waiting as soon as every report is in; the bound only guards against a
            // hang, so a loaded machine (reports arriving slowly) does not fail the test.
            ["kirim", "--sekali", "--db", db, "--config", config, "--pada", "2026-12-07T17:00+07:00", "--tunggu-laporan", "600"],
            environment: environment)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let sent = run.stdout.split(separator: "\n").first { $0.hasPrefix("Terkirim ke gateway:") } ?? ""
        #expect(!sent.hasPrefix("Terkirim ke gateway: 0,"), "\(run.stdout)")
        // Every report that says where a message ended reached the listener: smsbox calls a
        // dlr-url once and logs a refused one ("Couldn't fetch"), which is what a listener bound
        // after the first send produced. The SMSC's "submitted" report (type 8) may come after
        // the final one when smsbox is slow, once kirim --sekali has already stopped waiting
        // because every message's end is known; it carries nothing the log lacks, so only final
        // reports and the SMSC's buffering one (delivered 1, failed 2, rejected 16, buffered 4) count here.
        let smsboxLog = (try? String(contentsOfFile: (kannel["KANNEL_DIR"] ?? "") + "/smsbox.log", encoding: .utf8)) ?? ""
        let refused = smsboxLog.split(separator: "\n").filter {
            $0.contains("Couldn't fetch") && $0.contains(":\(port)/") && !$0.contains("type=8&")
        }
        #expect(refused.isEmpty, "\(refused.count) reports refused: \(refused.prefix(3))")
        #expect(!run.stdout.contains("belum ada laporan"), "\(run.stdout)")
        let log = try await CommandLineTests.run(["log", "--db", db, "--status", "delivered", "--jumlah", "1000"])
        #expect(log.stdout.contains("accepted → delivered"))
        #expect(log.stdout.contains("kannel DLR 1"))
    }
}
