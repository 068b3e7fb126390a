import Foundation
import Testing

@Suite("verifikasi (verification) command")
struct VerificationCommandTests {
    @Test("lihat --csv writes the month's list; filled in, impor records it and plans the follow-up; lihat shows the results")
    func listFillImport() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let listed = try await CommandLineTests.run([
            "verifikasi", "lihat", "--db", db, "--kelompok", "KLP-01", "--bulan", "2026-12", "--csv",
        ])
        #expect(listed.status == 0, "\(listed.stderr)")
        var lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "bulan;id_kpm;nama_kpm;anggota;komitmen;status;keterangan")
        try #require(lines.count >= 3, "the sample roster has members with obligations in December")
        // Fill in the first two lines: the status is the sixth column, the note the seventh.
        func filled(_ line: String, _ status: String, _ note: String) -> String {
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[5] = status
            fields[6] = note
            return fields.joined(separator: ";")
        }
        lines[1] = filled(lines[1], "tidak memenuhi", "")
        lines[2] = filled(lines[2], "Memenuhi", "rapor bagus")
        lines.append("2026-12;KPM-0001;x;Tidak Ada;sekolah;memenuhi;")
        let folder = NSTemporaryDirectory() + "pengingat-verifikasi-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try lines.joined(separator: "\n").write(toFile: folder + "/verifikasi.csv", atomically: true, encoding: .utf8)

        let imported = try await CommandLineTests.run([
            "verification", "import", folder + "/verifikasi.csv", "--db", db, "--at", "2026-12-20T10:00+07:00", "--by", "Bu Rina",
        ])
        #expect(imported.status == 1, "one row names a member who is not there")
        #expect(imported.stdout.contains("memenuhi 1, tidak memenuhi 1, izin 0"))
        #expect(imported.stdout.contains("Pesan tindak lanjut: 1 baru"))
        #expect(imported.stderr.contains("[VRF03]") && imported.stderr.contains("baris \(lines.count)"))

        let shown = try await CommandLineTests.run([
            "verifikasi", "lihat", "--db", db, "--kelompok", "KLP-01", "--bulan", "2026-12",
        ])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("2 dari"))
        #expect(shown.stdout.contains("tidak memenuhi") && shown.stdout.contains("rapor bagus"))
    }

    @Test("catat records one member's commitment and corrects it when given again; a wrong status is refused with its code")
    func recordOne() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let listed = try await CommandLineTests.run(["verifikasi", "lihat", "--db", db, "--kelompok", "KLP-01", "--bulan", "2026-12", "--csv"])
        let first = try #require(listed.stdout.split(separator: "\n").dropFirst().first)
            .split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let arguments = ["--db", db, "--bulan", "2026-12", "--kpm", first[1], "--anggota", first[3], "--komitmen", first[4],
                         "--pada", "2026-12-20T10:00+07:00"]
        let recorded = try await CommandLineTests.run(["verifikasi", "catat"] + arguments + ["--status", "tidak memenuhi"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("tidak memenuhi 1") && recorded.stdout.contains("Pesan tindak lanjut: 1 baru"))
        let corrected = try await CommandLineTests.run(["verification", "record"] + arguments + ["--status", "memenuhi"])
        #expect(corrected.status == 0)
        #expect(corrected.stdout.contains("memenuhi 1, tidak memenuhi 0") && corrected.stdout.contains("1 ditarik"))
        let wrong = try await CommandLineTests.run(["verifikasi", "catat"] + arguments + ["--status", "lulus"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("[VRF05]"))
    }

    @Test("a month not yet come and a month that is not one are refused in Indonesian")
    func refusedMonths() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let notAMonth = try await CommandLineTests.run(["verifikasi", "lihat", "--db", db, "--kelompok", "KLP-01", "--bulan", "Maret"])
        #expect(notAMonth.status != 0)
        #expect(notAMonth.stderr.contains("bukan bulan"))
        let unknown = try await CommandLineTests.run(["verifikasi", "lihat", "--db", db, "--kelompok", "KLP-99", "--bulan", "2026-12"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("[VRF01]"))
    }
}
