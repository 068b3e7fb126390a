import Foundation
import Synchronization
import Logging
import PengingatCore
import PengingatService
import PengingatStore

/// Roster import: CSV files as an Indonesian-locale Excel writes them (semicolons, BOM,
/// dd/mm/yyyy dates) into a fresh SQLite file, then the same files again (nothing changes).
/// One row in 200 of each file is bad, so the measured path includes reporting them.
enum ImportBench {
    struct Result: Codable {
        var households: Int
        var members: Int
        var rejectedRows: Int
        var firstSeconds: Double
        var firstCPUSeconds: Double
        var againSeconds: Double
        var peakKiB: Int
        /// Seconds of the first import spent in each phase, from its progress reports:
        /// reading (files parsed, what is stored read), checking each kind, storing.
        var phases: [String: Double]
    }

    /// Times the phases of an import from its progress reports.
    final class PhaseClock: Sendable {
        private let state = Mutex<(current: String, since: Date, spent: [String: Double])>(("reading", Date(), [:]))

        func report(_ progress: ImportProgress) {
            let name: String = switch progress.phase {
            case .reading: "reading"
            case .checking(let kind): "checking \(kind.rawValue)"
            case .storing: "storing"
            }
            state.withLock { state in
                guard name != state.current else { return }
                let now = Date()
                state.spent[state.current, default: 0] += now.timeIntervalSince(state.since)
                (state.current, state.since) = (name, now)
            }
        }

        func finish() -> [String: Double] {
            state.withLock { state in
                state.spent[state.current, default: 0] += Date().timeIntervalSince(state.since)
                return state.spent
            }
        }
    }

    static let reference = CalendarDate(year: 2026, month: 12, day: 1)!

    /// Writes pendamping, posyandu, kelompok, kpm and anggota CSV files for `count` households
    /// (groups of 25, 2–6 members each). Deterministic for a given size.
    static func generate(households count: Int, folder: String) throws {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SplitMix(seed: UInt64(count) &+ 7)
        let groups = max(1, count / 25)
        let facilitators = max(1, count / 250)
        let rws = max(1, groups / 2)
        let bom = "\u{FEFF}"
        func date(_ day: CalendarDate) -> String { String(format: "%02d/%02d/%04d", day.day, day.month, day.year) }

        var text = bom + "id_pendamping;nama;no_hp;email\n"
        for f in 0..<facilitators {
            text += "PDP-\(f);Pendamping \(f), S.Sos.;0813\(String(format: "%08d", f));pdp\(f)@example.org\n"
        }
        try text.write(toFile: "\(folder)/pendamping.csv", atomically: true, encoding: .utf8)

        text = bom + "id_posyandu;nama;kelurahan;rw;jadwal;lokasi\n"
        for rw in 0..<rws {
            text += "PSY-\(rw);Posyandu \(rw);Kelurahan \(rw / 10);\(String(format: "%02d", rw % 10 + 1));tanggal \(rw % 27 + 1) 08.00;Balai RW \(rw % 10 + 1)\n"
        }
        try text.write(toFile: "\(folder)/posyandu.csv", atomically: true, encoding: .utf8)

        text = bom + "id_kelompok;nama_kelompok;id_pendamping;kelurahan;rw;zona_waktu;jadwal;lokasi;mode;pkh_akses;ketua_id_kpm\n"
        let schedules = ["Selasa ke-2 09.00", "Kamis terakhir 13.30", "tanggal 15 08.00", "Senin ke-1 09.00",
                         "Rabu ke-3 13.00", "Jumat ke-2 08.30", "Sabtu ke-1 09.00"]
        for g in 0..<groups {
            let rw = g / 2
            text += "KLP-\(g);Kelompok \(g);PDP-\(g * facilitators / groups);Kelurahan \(rw / 10);"
                + "\(String(format: "%02d", rw % 10 + 1));WIB;\(schedules[g % schedules.count]);Aula Kelurahan \(rw / 10);tatap_muka;tidak;KPM-\(g)-0\n"
        }
        try text.write(toFile: "\(folder)/kelompok.csv", atomically: true, encoding: .utf8)

        var households = bom + "id_kpm;nama_pengurus;no_hp;no_hp_lain;kanal;bahasa;id_kelompok;rt;rw;alamat;status\n"
        var members = bom + "id_kpm;nama;hubungan;jenis_kelamin;tanggal_lahir;komponen;hpht;tanggal_persalinan;nama_sekolah\n"
        households.reserveCapacity(count * 110)
        members.reserveCapacity(count * 4 * 70)
        var householdRows = 0
        var memberRows = 0
        var previousPhone = "081200000000"
        for g in 0..<groups {
            let rw = g / 2
            let size = g == groups - 1 ? count - 25 * (groups - 1) : 25
            for h in 0..<size {
                householdRows += 1
                let roll = random.next(100)
                var phone = "08\(random.next(2) == 0 ? "12" : "57")\(String(format: "%08d", random.next(100_000_000)))"
                if roll < 5 && h > 0 { phone = "" } else if roll < 15 && h > 0 { phone = previousPhone }
                if householdRows % 200 == 0 { phone = "0812345" }  // too short: the row is rejected, and its members with it
                previousPhone = phone.isEmpty ? previousPhone : phone
                let id = "KPM-\(g)-\(h)"
                households += "\(id);Ibu Pengurus \(g)-\(h);\(phone);;\(roll % 3 == 0 ? "whatsapp" : "sms");\(roll % 5 < 3 ? "su" : "id");"
                    + "KLP-\(g);\(String(format: "%03d", h / 5 + 1));\(String(format: "%02d", rw % 10 + 1));Kp. Contoh RT \(h / 5 + 1);aktif\n"
                for m in 0..<(2 + random.next(5)) {
                    memberRows += 1
                    let kind = random.next(100)
                    var component = ""
                    var birth = reference.adding(days: -(random.next(60 * 365) + 18 * 365))
                    var lmp = ""
                    var delivery = ""
                    var school = ""
                    switch kind {
                    case 0..<5: component = "bumil"; lmp = date(reference.adding(days: -random.next(270)))
                    case 5..<7: component = "nifas"; delivery = date(reference.adding(days: -random.next(40)))
                    case 7..<25: component = "anak_usia_dini"; birth = reference.adding(days: -random.next(6 * 365))
                    case 25..<45: component = "sd"; birth = reference.adding(days: -(7 * 365 + random.next(6 * 365))); school = "SDN 1 Contoh"
                    case 45..<55: component = "smp"; birth = reference.adding(days: -(13 * 365 + random.next(3 * 365))); school = "SMPN 1 Contoh"
                    case 55..<60: component = "lansia"; birth = reference.adding(days: -(60 * 365 + random.next(20 * 365)))
                    default: break
                    }
                    var born = date(birth)
                    if memberRows % 200 == 0 { born = "31/02/2020" }  // no such day: the row is rejected
                    members += "\(id);Anggota \(m) \(g)-\(h);\(m == 0 ? "Kepala Keluarga" : "Anak");\(m == 0 ? "P" : "L");\(born);"
                        + "\(component);\(lmp);\(delivery);\(school)\n"
                }
            }
        }
        try households.write(toFile: "\(folder)/kpm.csv", atomically: true, encoding: .utf8)
        try members.write(toFile: "\(folder)/anggota.csv", atomically: true, encoding: .utf8)
    }

    /// Imports the folder twice into a fresh SQLite file, or into an empty PostgreSQL database
    /// given by its `postgres://` address; prints the result as JSON.
    static func measure(folder: String, database: String) async throws -> Result {
        if database.hasPrefix("postgres://") {
            let postgres = try await PostgresStore.open(url: database, logger: Logger(label: "bench"))
            do {
                let result = try await measure(folder: folder, store: postgres)
                await postgres.close()
                return result
            } catch {
                await postgres.close()
                throw error
            }
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        return try await measure(folder: folder, store: try SQLiteStore(path: database, logger: Logger(label: "bench")))
    }

    private static func measure(folder: String, store: any PengingatStore) async throws -> Result {
        let importer = RosterImporter(store: store, logger: Logger(label: "bench"))
        let options = RosterImporter.Options(today: reference)
        let clock = PhaseClock()
        let start = Date()
        let cpuStart = Measurement.cpuSeconds()
        let first = try await importer.importRoster(from: [folder], options: options) { clock.report($0) }
        let phases = clock.finish()
        let firstSeconds = Date().timeIntervalSince(start)
        let firstCPU = Measurement.cpuSeconds() - cpuStart
        let againStart = Date()
        let again = try await importer.importRoster(from: [folder], options: options)
        let againSeconds = Date().timeIntervalSince(againStart)
        guard let changes = first.changes, let unchanged = again.changes,
              unchanged.households.inserted + unchanged.households.updated + unchanged.members.inserted + unchanged.members.updated == 0
        else {
            throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "the second import changed rows"])
        }
        return Result(
            households: changes.households.inserted, members: changes.members.inserted,
            rejectedRows: first.issues.filter { $0.severity == .rowRejected }.count,
            firstSeconds: firstSeconds, firstCPUSeconds: firstCPU, againSeconds: againSeconds, peakKiB: Measurement.peakKiB(),
            phases: phases)
    }

    /// The baseline: the sqlite3 shell loading the same kpm and anggota files into bare tables
    /// (no checks, no indexes), as fast as these rows can go into SQLite.
    static func sqliteShellSeconds(folder: String, database: String) throws -> Double? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return nil }
        try? FileManager.default.removeItem(atPath: database)
        let script = """
            .mode csv
            .separator ;
            .import \(folder)/kpm.csv kpm
            .import \(folder)/anggota.csv anggota
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Date().timeIntervalSince(start) : nil
    }
}
