import Foundation
import PengingatCore
import PengingatSpreadsheet
import Testing

@Suite("pengingat laporan bulanan")
struct MonthlyReportCommandTests {
    /// The sample roster with KLP-01's December meeting recorded: two absent, one excused.
    static func recordedDatabase() async throws -> String {
        let db = try await PlanCommandTests.importedDatabase()
        let run = try await CommandLineTests.run([
            "kehadiran", "catat", "--db", db, "--pertemuan", "KLP-01/2026-12", "--tidak-hadir", "KPM-0001,KPM-0002",
            "--izin", "KPM-0004:anak sakit", "--oleh", "Bu Rina", "--pada", "2026-12-08T12:00+07:00",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        return db
    }

    @Test("text: the month, the facilitator's groups, the absent with their follow-up, the totals")
    func text() async throws {
        let db = try await Self.recordedDatabase()
        let run = try await CommandLineTests.run(["laporan", "bulanan", "--bulan", "2026-12", "--pendamping", "PDP-01", "--db", db,
                                                  "--pada", "2027-01-02T08:00+07:00"])
        #expect(run.status == 0, "\(run.stderr)")
        for expected in ["Laporan bulanan P2K2 dan pesan: Desember 2026", "(PDP-01)", "KLP-01", "Terlaksana", "08/12/2026",
                         "KPM-0001 Sari Wulandari: tidak hadir; pesan penyemangat: dijadwalkan", "KPM-0004", "izin (anak sakit)",
                         "Jumlah:", "Verifikasi komitmen:", "perkiraan biaya Rp"] {
            #expect(run.stdout.contains(expected), "missing \(expected)")
        }
        #expect(!run.stdout.contains("(PDP-02)"), "--pendamping narrows the report")
        // Without --bulan: the month before the clock's, by its English names.
        let english = try await CommandLineTests.run(["report", "monthly", "--facilitator", "PDP-01", "--db", db,
                                                      "--at", "2027-01-02T08:00+07:00"])
        #expect(english.status == 0 && english.stdout == run.stdout, "\(english.stderr)")
    }

    @Test("csv: one row per group in Excel's Indonesian dialect, to standard output or a file; another table by --bagian")
    func csv() async throws {
        let db = try await Self.recordedDatabase()
        let run = try await CommandLineTests.run(["laporan", "bulanan", "--bulan", "2026-12", "--format", "csv", "--kelompok", "KLP-01",
                                                  "--db", db, "--pada", "2027-01-02T08:00+07:00"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 2 && lines[0].hasPrefix("\u{FEFF}Bulan;ID pendamping;"))
        let header = lines[0].dropFirst().components(separatedBy: ";")
        let row = lines[1].components(separatedBy: ";")
        #expect(header.count == row.count)
        let column = { (name: String) in row[header.firstIndex(of: name)!] }
        #expect(column("Bulan") == "2026-12" && column("ID kelompok") == "KLP-01" && column("Tidak hadir") == "2" && column("Izin") == "1")

        let file = NSTemporaryDirectory() + "laporan-\(UUID().uuidString).csv"
        let absent = try await CommandLineTests.run(["report", "monthly", "--month", "2026-12", "--format", "csv", "--part", "tidak-hadir",
                                                     "--output", file, "--db", db, "--at", "2027-01-02T08:00+07:00"])
        #expect(absent.status == 0, "\(absent.stderr)")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.components(separatedBy: "\r\n").filter { $0.hasPrefix("KLP-01;") }.count == 3)
        #expect(written.contains(";KPM-0004;") && written.contains(";anak sakit;"))
    }

    @Test("xlsx: the workbook's six sheets in order, read back; the summary's figures typed (dates, numbers, shares)")
    func xlsx() async throws {
        let db = try await Self.recordedDatabase()
        let file = NSTemporaryDirectory() + "laporan-\(UUID().uuidString).xlsx"
        let run = try await CommandLineTests.run(["laporan", "bulanan", "--bulan", "2026-12", "--pendamping", "PDP-01", "--format", "xlsx",
                                                  "--keluaran", file, "--db", db, "--pada", "2027-01-02T08:00+07:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Laporan Desember 2026 ditulis ke \(file)"))
        let workbook = try Workbook.open(path: file)
        #expect(workbook.sheets.map(\.name) == ["Ringkasan", "Pertemuan", "Tidak hadir", "Verifikasi", "Tidak memenuhi", "Pesan"])
        /// A sheet's rows below the header, as header name → cell.
        func records(_ name: String) throws -> [[String: Cell]] {
            let sheet = try #require(workbook.sheets.first { $0.name == name })
            let numbers = sheet.rowNumbers
            let header = try #require(numbers.first.flatMap { sheet.rows[$0] })
            let names = header.compactMapValues(\.text)
            return numbers.dropFirst().map { number in
                Dictionary(uniqueKeysWithValues: (sheet.rows[number] ?? [:]).compactMap { column, cell in names[column].map { ($0, cell) } })
            }
        }
        let summary = try records("Ringkasan")
        let klp01 = try #require(summary.first { $0["ID kelompok"]?.text == "KLP-01" })
        #expect(klp01["Tanggal"] == .date(CalendarDate(year: 2026, month: 12, day: 8)!))
        #expect(klp01["Tidak hadir"]?.text == "2" && klp01["Izin"]?.text == "1" && klp01["Pertemuan"]?.text == "Terlaksana")
        let present = try #require(klp01["Hadir"]?.text.flatMap { Double($0) })
        let share = try #require(klp01["Kehadiran (%)"]?.text.flatMap { Double($0) })
        #expect(abs(share - present / (present + 3)) < 1e-9, "the share as a number, shown as a percentage")
        #expect(summary.count == 10, "one row per group of PDP-01")
        let absent = try records("Tidak hadir").filter { $0["ID kelompok"]?.text == "KLP-01" }
        #expect(absent.compactMap { $0["ID KPM"]?.text } == ["KPM-0001", "KPM-0002", "KPM-0004"])
        #expect(absent.compactMap { $0["Pesan penyemangat"]?.text } == ["Dijadwalkan", "Dijadwalkan", "Dijadwalkan"])
    }

    @Test("refusals in Bahasa Indonesia with their codes: a bad month, an unknown group, xlsx without a file")
    func refused() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let month = try await CommandLineTests.run(["laporan", "bulanan", "--bulan", "Maret", "--db", db])
        #expect(month.status == 1 && month.stderr.contains("[LAP01] Bulan \"Maret\" tidak bisa dibaca."), "\(month.stderr)")
        let group = try await CommandLineTests.run(["laporan", "bulanan", "--bulan", "2026-12", "--kelompok", "KLP-99", "--db", db])
        #expect(group.status == 1 && group.stderr.contains("[LAP02]"), "\(group.stderr)")
        let xlsx = try await CommandLineTests.run(["laporan", "bulanan", "--bulan", "2026-12", "--format", "xlsx", "--db", db])
        #expect(xlsx.status == 1 && xlsx.stderr.contains("[LAP04]") && xlsx.stderr.contains("--keluaran"), "\(xlsx.stderr)")
    }
}
