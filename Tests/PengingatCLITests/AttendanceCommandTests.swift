import Foundation
import Testing

@Suite("kehadiran (attendance) command")
struct AttendanceCommandTests {
    @Test("catat records a meeting, reports the follow-up, and lihat shows who recorded what")
    func recordAndShow() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let run = try await CommandLineTests.run([
            "kehadiran", "catat", "--db", db, "--pertemuan", "KLP-01/2026-12", "--tidak-hadir", "KPM-0001,KPM-0002",
            "--izin", "KPM-0004:anak sakit", "--oleh", "Bu Rina", "--pada", "2026-12-08T12:00+07:00",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("izin 1, tidak hadir 2"))
        #expect(run.stdout.contains("KPM-0001 Sari Wulandari: pesan penyemangat 1"))
        #expect(run.stdout.contains("Kotak keluar: 3 pesan baru"))

        let shown = try await CommandLineTests.run(["attendance", "show", "--db", db, "--meeting", "KLP-01/2026-12"])
        #expect(shown.status == 0)
        let line = shown.stdout.split(separator: "\n").first { $0.hasPrefix("KPM-0004") }.map(String.init) ?? ""
        #expect(line.contains("izin") && line.contains("anak sakit") && line.contains("Bu Rina"))
    }

    @Test("a household outside the group is refused with its code and the way out, in Indonesian")
    func notAMember() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let run = try await CommandLineTests.run([
            "kehadiran", "catat", "--db", db, "--pertemuan", "KLP-01/2026-12", "--tidak-hadir", "KPM-9999",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[KHD02]"))
        #expect(run.stderr.contains("pengingat kpm daftar"))
        let shown = try await CommandLineTests.run(["kehadiran", "lihat", "--db", db, "--pertemuan", "KLP-01/2026-12"])
        #expect(shown.status == 1)
        #expect(shown.stderr.contains("belum dicatat"))
    }

    @Test("impor records the good rows and names the bad ones, exit code 1")
    func importFile() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let folder = NSTemporaryDirectory() + "pengingat-kehadiran-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            id_kelompok,tanggal,id_kpm,status,keterangan
            KLP-01,2026-12-08,KPM-0001,tidak hadir,
            KLP-01,2026-12-08,KPM-0002,izin,hajatan keluarga
            KLP-01,2026-12-08,KPM-0003,bolos,
            """.write(toFile: folder + "/kehadiran.csv", atomically: true, encoding: .utf8)
        let run = try await CommandLineTests.run([
            "kehadiran", "impor", folder + "/kehadiran.csv", "--db", db, "--pada", "2026-12-08T15:00+07:00",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("izin 1, tidak hadir 1"))
        #expect(run.stderr.contains("baris 4"))
        #expect(run.stderr.contains("[KHD04]"))
    }
}
