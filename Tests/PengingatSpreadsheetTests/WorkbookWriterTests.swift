import Foundation
import PengingatCore
import PengingatSpreadsheet
import SWXMLHash
import Testing
import ZIPFoundation

@Suite("Writing .xlsx workbooks")
struct WorkbookWriterTests {
    static let independenceDay = CalendarDate(year: 2025, month: 8, day: 17)!

    static let report = SheetContent(
        name: "Rekap Agustus",
        header: ["Nama", "Telepon", "Anak", "Rata-rata", "Tanggal", "Hadir", "Catatan"],
        rows: [
            [.text("Ibu Siti Aminah"), .text("081234567890"), .integer(3), .number(1.5), .date(independenceDay), .percent(0.85),
             .text("Posyandu Melati & <Mawar> \"RW 05\" 'Sukamaju'")],
            [.text("Ibu Dewi Lestari"), .empty, .integer(-7), .number(0.125), .empty, .percent(1), .text("baris satu\nbaris dua")],
            [.text("  spasi di tepi  "), .text("a\r\nb"), .empty, .number(.nan), .empty, .empty, .text("a\u{1}b\u{B}c\u{FFFE}d")],
        ]
    )

    static func read(_ sheets: [SheetContent]) throws -> Workbook {
        try Workbook.read(try WorkbookWriter.data(sheets: sheets), name: "laporan.xlsx")
    }

    @Test("what is written reads back through Workbook: text as text (a phone number keeps its 0), integers and numbers as numbers, a date as the date, a percentage as its fraction, empty cells absent")
    func roundTrip() throws {
        let workbook = try Self.read([Self.report])
        #expect(workbook.sheets.map(\.name) == ["Rekap Agustus"])
        #expect(workbook.uses1904Dates == false)
        let sheet = try #require(workbook.sheets.first)
        #expect(sheet.rowNumbers == [1, 2, 3, 4])
        #expect((0..<7).map { sheet[CellReference(row: 1, column: $0)] } == Self.report.header.map(Cell.text))
        #expect(sheet.rows[2] == [
            0: .text("Ibu Siti Aminah"), 1: .text("081234567890"), 2: .number(raw: "3"), 3: .number(raw: "1.5"),
            4: .date(Self.independenceDay), 5: .number(raw: "0.85"), 6: .text("Posyandu Melati & <Mawar> \"RW 05\" 'Sukamaju'"),
        ])
        // An empty cell takes its place: what follows it stays in its own column.
        #expect(sheet.rows[3] == [0: .text("Ibu Dewi Lestari"), 2: .number(raw: "-7"), 3: .number(raw: "0.125"), 5: .number(raw: "1.0"),
                                  6: .text("baris satu\nbaris dua")])
        // Spaces at the edges and a carriage return survive; characters XML cannot carry are dropped; NaN is left empty.
        #expect(sheet.rows[4] == [0: .text("  spasi di tepi  "), 1: .text("a\r\nb"), 6: .text("abcd")])
        #expect(sheet.width == 7)
    }

    @Test("text stays byte for byte: é written two ways is two texts, not one shared string")
    func canonicallyEquivalentTexts() throws {
        let composed = "Ren\u{E9}"
        let decomposed = "Rene\u{301}"
        let sheet = try #require(try Self.read([SheetContent(name: "Nama", header: [], rows: [[.text(composed)], [.text(decomposed)]])]).sheets.first)
        let texts = [1, 2].map { sheet[CellReference(row: $0, column: 0)]?.text.map { Array($0.unicodeScalars) } }
        #expect(texts == [Array(composed.unicodeScalars), Array(decomposed.unicodeScalars)])
    }

    @Test("dates across the years read back as themselves; before 1 March 1900, where Excel's serials are a day off, as ISO text")
    func dates() throws {
        let dates = [(1900, 3, 1), (1999, 12, 31), (2000, 2, 29), (2024, 2, 29), (9999, 12, 31), (1900, 2, 28), (1850, 6, 1)]
            .map { CalendarDate(year: $0.0, month: $0.1, day: $0.2)! }
        let sheet = try #require(try Self.read([SheetContent(name: "Tanggal", header: [], rows: dates.map { [.date($0)] })]).sheets.first)
        let read = (1...dates.count).map { sheet[CellReference(row: $0, column: 0)] }
        #expect(read == dates.prefix(5).map(Cell.date) + [.text("1900-02-28"), .text("1850-06-01")])
        #expect(ExcelDate.serial(of: Self.independenceDay) == 45_886)
        #expect(ExcelDate.serial(of: CalendarDate(year: 1900, month: 3, day: 1)!) == 61)
    }

    @Test("sheet names follow Excel's rules: 31 characters at most, no : \\ / ? * [ ], unique regardless of case, in the order given")
    func sheetNames() throws {
        let requested = [
            "Laporan bulanan PKH Kecamatan Cibinong Agustus 2025", "Laporan bulanan PKH Kecamatan Cibinong September 2025",
            "Rekap: Jan/Feb [2025]?*\\", "REKAP JANFEB 2025", "", "'Kutipan'", "History", "Catatan\u{0}\u{7}", "😀".repeated(20),
        ]
        let workbook = try Self.read(requested.enumerated().map { SheetContent(name: $1, header: ["Lembar"], rows: [[.integer($0)]]) })
        #expect(workbook.sheets.map(\.name) == [
            "Laporan bulanan PKH Kecamatan C", "Laporan bulanan PKH Kecamat (2)", "Rekap JanFeb 2025", "REKAP JANFEB 2025 (2)",
            "Lembar5", "Kutipan", "History (2)", "Catatan", "😀".repeated(15),
        ])
        // Each sheet is the one asked for at that place, not only its name.
        #expect(workbook.sheets.map { $0[CellReference(row: 2, column: 0)] } == (0..<requested.count).map { .number(raw: "\($0)") })
    }

    @Test("no sheets give one empty sheet; a sheet without a header starts on the first row")
    func emptyWorkbook() throws {
        let empty = try Self.read([])
        #expect(empty.sheets.map(\.name) == ["Lembar1"])
        #expect(empty.sheets.first?.rows.isEmpty == true)
        let headless = try Self.read([SheetContent(name: "Data", header: [], rows: [[.integer(1)]])])
        #expect(headless.sheets.first?.rows == [1: [0: .number(raw: "1")]])
    }

    @Test("the same sheets give the same bytes")
    func deterministic() throws {
        #expect(try WorkbookWriter.data(sheets: [Self.report]) == WorkbookWriter.data(sheets: [Self.report]))
    }

    @Test("text longer than a cell holds is refused as XL04, naming the cell, rather than cut by Excel's repair")
    func tooLongText() throws {
        let long = SheetContent(name: "Data", header: ["Catatan"], rows: [[.text("ok")], [.empty, .text(String(repeating: "a", count: 32_768))]])
        let error = try #require(throws: SpreadsheetError.self) { try WorkbookWriter.data(sheets: [long]) }
        #expect(error.code == "XL04")
        #expect(error.explanation.contains("B3") && error.explanation.contains("32768"))
        #expect(try WorkbookWriter.data(sheets: [SheetContent(name: "Data", header: [], rows: [[.text(String(repeating: "a", count: 32_767))]])])
            .isEmpty == false)
    }
}

// MARK: - Files

extension WorkbookWriterTests {
    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "pengingat-writer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("write(to:) replaces a workbook whole and leaves no temporary file beside it")
    func writeReplaces() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/laporan.xlsx"
        try WorkbookWriter.write(sheets: [SheetContent(name: "Lama", header: [], rows: [])], to: path)
        try WorkbookWriter.write(sheets: [Self.report], to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["laporan.xlsx"])
        let workbook = try Workbook.open(path: path)
        #expect(workbook.sheets.map(\.name) == ["Rekap Agustus"])
        #expect(workbook.sheets.first?[CellReference(row: 2, column: 1)] == .text("081234567890"))
    }

    @Test("a folder that does not exist is XL04 with the file's name and the system's reason")
    func writeFails() throws {
        let path = NSTemporaryDirectory() + "pengingat-missing-" + UUID().uuidString + "/laporan.xlsx"
        let error = try #require(throws: SpreadsheetError.self) { try WorkbookWriter.write(sheets: [Self.report], to: path) }
        #expect(error.code == "XL04")
        #expect(error.workbook == "laporan.xlsx")
        guard case .cannotWrite(let reason) = error.reason else { Issue.record("\(error.reason)"); return }
        #expect(!reason.isEmpty)
        #expect(error.description.hasPrefix("[XL04] laporan.xlsx tidak bisa ditulis: "))
    }
}

// MARK: - What the reader does not see: styles, the frozen header, widths

extension WorkbookWriterTests {
    /// A part of the written archive, parsed.
    static func part(_ path: String, of data: Data) throws -> XMLIndexer {
        let archive = try Archive(data: data, accessMode: .read, pathEncoding: nil)
        let entry = try #require(archive[path], "\(path) missing")
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return XMLHash.parse(bytes)
    }

    static func attribute(_ indexer: XMLIndexer, _ name: String) -> String? {
        indexer.element?.attribute(by: name)?.text
    }

    @Test("the header row is bold and frozen, dates show dd/mm/yyyy and percentages 0%, body text is not bold")
    func stylesAndPane() throws {
        let data = try WorkbookWriter.data(sheets: [Self.report])
        let sheet = try Self.part("xl/worksheets/sheet1.xml", of: data)
        let styles = try Self.part("xl/styles.xml", of: data)
        let pane = sheet["worksheet"]["sheetViews"]["sheetView"]["pane"]
        #expect(Self.attribute(pane, "state") == "frozen")
        #expect(Self.attribute(pane, "ySplit") == "1")
        #expect(Self.attribute(pane, "topLeftCell") == "A2")

        let cells = sheet["worksheet"]["sheetData"]["row"].all.flatMap { $0["c"].all }
        func style(_ reference: String) throws -> XMLIndexer {
            let cell = try #require(cells.first { Self.attribute($0, "r") == reference }, "\(reference) missing")
            let index = Int(Self.attribute(cell, "s") ?? "0") ?? -1
            return styles["styleSheet"]["cellXfs"]["xf"][index]
        }
        func isBold(_ reference: String) throws -> Bool {
            let font = Int(Self.attribute(try style(reference), "fontId") ?? "0") ?? -1
            return styles["styleSheet"]["fonts"]["font"][font]["b"].element != nil
        }
        #expect(try (0..<7).map { CellReference(row: 1, column: $0).description }.allSatisfy(isBold))
        #expect(try !isBold("A2") && !isBold("B2") && !isBold("C2"))

        let dateFormat = try #require(Int(Self.attribute(try style("E2"), "numFmtId") ?? ""))
        let code = styles["styleSheet"]["numFmts"]["numFmt"].all.first { Self.attribute($0, "numFmtId") == "\(dateFormat)" }
        #expect(code.flatMap { Self.attribute($0, "formatCode") } == "dd/mm/yyyy")
        #expect(Self.attribute(try style("F2"), "numFmtId") == "9")
        #expect(Self.attribute(try style("D2"), "numFmtId") ?? "0" == "0")
    }

    static func widths(_ sheet: SheetContent) throws -> [Double] {
        let xml = try part("xl/worksheets/sheet1.xml", of: try WorkbookWriter.data(sheets: [sheet]))
        return xml["worksheet"]["cols"]["col"].all.map { Double(attribute($0, "width") ?? "") ?? -1 }
    }

    @Test("column widths: as given, else the longest text of the column plus two, between 8 and 60")
    func columnWidths() throws {
        let rows: [[SheetValue]] = [
            [.text("Ibu Siti Aminah binti Ahmad"), .integer(1), .text(String(repeating: "x", count: 100)), .date(Self.independenceDay)],
            [.text("pendek"), .empty, .text("baris\npanjang sekali di baris kedua"), .percent(0.5)],
        ]
        #expect(try Self.widths(SheetContent(name: "A", header: ["Nama", "No", "Catatan", "Tgl"], rows: rows)) == [29, 8, 60, 12])
        #expect(try Self.widths(SheetContent(name: "A", header: ["Nama", "No", "Catatan", "Tgl"], rows: rows, columnWidths: [20, 5.5]))
            == [20, 5.5, 60, 12])
        #expect(try Self.widths(SheetContent(name: "A", header: ["Nomor urut peserta"], rows: [])) == [20])
    }
}

private extension String {
    func repeated(_ count: Int) -> String { String(repeating: self, count: count) }
}
