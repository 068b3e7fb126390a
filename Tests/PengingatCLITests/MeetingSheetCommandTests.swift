import Foundation
import Testing

@Suite("pengingat pertemuan daftar-hadir")
struct MeetingSheetCommandTests {
    @Test("the sheet to standard output and, by its English alias, to a file: the group, its households, the signature column")
    func sheet() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let run = try await CommandLineTests.run(["pertemuan", "daftar-hadir", "KLP-01/2026-12", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("<!doctype html>"))
        for expected in ["Kelompok Sauyunan (KLP-01)", "Selasa, 8 Desember 2026, pukul 09.00 WIB", "Aula Kelurahan Margabakti",
                         "Sari Wulandari", "KPM-0001", "Neneng Mardiah", "KPM-0002", "(ketua)", "<th class=\"ttd\">Tanda tangan</th>",
                         "Pendamping PKH,", "@page{size:A4"] {
            #expect(run.stdout.contains(expected), "missing \(expected)")
        }
        // 25 active households of KLP-01: one page, one numbered line each, no page break.
        #expect(run.stdout.components(separatedBy: "<tr><td class=\"no\">").count - 1 == 25)
        #expect(!run.stdout.contains("blok-putus\""))

        let file = NSTemporaryDirectory() + "pengingat-daftar-hadir-\(UUID().uuidString).html"
        let english = try await CommandLineTests.run(["meeting", "sheet", "KLP-01/2026-12", "--output", file, "--db", db])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.contains("25 KPM, 1 lembar A4"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == run.stdout, "the file holds what standard output showed")
        let indonesian = try await CommandLineTests.run(["pertemuan", "daftar-hadir", "KLP-01/2026-12", "--keluaran", file, "--db", db])
        #expect(indonesian.status == 0, "\(indonesian.stderr)")
    }

    @Test("an unknown or malformed meeting id is refused in Bahasa Indonesia with its code")
    func refused() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let unknown = try await CommandLineTests.run(["pertemuan", "daftar-hadir", "KLP-99/2026-12", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("[WEB01] Pertemuan KLP-99/2026-12 tidak ditemukan."), "\(unknown.stderr)")
        let malformed = try await CommandLineTests.run(["meeting", "sheet", "KLP-01-desember", "--db", db])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("[WEB02] ID pertemuan \"KLP-01-desember\" tidak sah."), "\(malformed.stderr)")
        #expect(malformed.stderr.contains("KELOMPOK/TAHUN-BULAN"))
    }
}
