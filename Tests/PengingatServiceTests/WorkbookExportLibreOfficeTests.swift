import Foundation
import PengingatCore
import PengingatSpreadsheet
import Testing

/// The writer's workbooks against a real peer: LibreOffice opens them and shows every value as
/// it was meant (it lives here, next to the LibreOffice helper the roster tests use).
@Suite("Written workbooks in LibreOffice")
struct WorkbookExportLibreOfficeTests {
    @Test("LibreOffice reads every sheet of a written workbook back to the values written: text, a phone's leading 0, numbers, dates as dd/mm/yyyy, percentages")
    func libreOfficeReadsWrittenWorkbook() throws {
        let folder = NSTemporaryDirectory() + "pengingat-export-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/laporan.xlsx"
        let summary = SheetContent(
            name: "Rekap Agustus",
            header: ["Nama", "Telepon", "Anak", "Rata-rata", "Tanggal", "Hadir", "Catatan"],
            rows: [
                [.text("Ibu Siti Aminah"), .text("081234567890"), .integer(3), .number(1.5), .date(CalendarDate(year: 2025, month: 8, day: 17)!),
                 .percent(0.85), .text("Posyandu Melati & <Mawar> \"RW 05\", 'Sukamaju'")],
                [.text("Ibu Dewi Lestari"), .empty, .integer(-7), .number(0.125), .date(CalendarDate(year: 2000, month: 2, day: 29)!),
                 .percent(1), .text("baris satu\nbaris dua")],
            ]
        )
        let detail = SheetContent(name: "Rincian: Desa/Kel", header: ["Desa", "Keluarga"],
                                  rows: [[.text("Sukamaju"), .integer(120)], [.text("Cibinong"), .integer(1_234_567)]])
        try WorkbookWriter.write(sheets: [summary, detail], to: path)

        let sheets = try LibreOffice.csvSheets(ofWorkbook: path)
        #expect(sheets.keys.sorted() == ["Rekap Agustus", "Rincian DesaKel"])
        #expect(sheets["Rekap Agustus"] == """
            Nama,Telepon,Anak,Rata-rata,Tanggal,Hadir,Catatan
            Ibu Siti Aminah,081234567890,3,1.5,17/08/2025,85%,"Posyandu Melati & <Mawar> ""RW 05"", 'Sukamaju'"
            Ibu Dewi Lestari,,-7,0.125,29/02/2000,100%,"baris satu
            baris dua"

            """)
        #expect(sheets["Rincian DesaKel"] == """
            Desa,Keluarga
            Sukamaju,120
            Cibinong,1234567

            """)
    }
}
