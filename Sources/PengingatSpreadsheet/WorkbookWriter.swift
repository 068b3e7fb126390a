import Foundation
import PengingatCore
import ZIPFoundation

/// Writes .xlsx workbooks: the smallest SpreadsheetML that Excel, LibreOffice and `Workbook`
/// open without repair. Text goes to shared strings, each sheet's header row is bold and frozen,
/// dates and percentages carry their number formats; nothing else (no formulas, no formatting
/// beyond that) is written.
public enum WorkbookWriter {
    /// The bytes of an .xlsx workbook with these sheets in order (at least one; an empty list gets one empty sheet).
    public static func data(sheets: [SheetContent]) throws -> Data {
        try data(sheets: sheets, name: "Buku kerja .xlsx")
    }

    /// Writes atomically (temp file in the same folder, then rename): a reader of `path` sees
    /// the old workbook or the whole new one, never half of it.
    public static func write(sheets: [SheetContent], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let bytes = try data(sheets: sheets, name: name)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".pengingat-\(UUID().uuidString).xlsx.tmp")
        do {
            try bytes.write(to: temporary)
            // On disk before the rename, or a crash could leave the new name on an empty file.
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SpreadsheetError(workbook: name, .cannotWrite(error.localizedDescription))
        }
        // rename(2), not FileManager.moveItem: it replaces an existing workbook in one step.
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SpreadsheetError(workbook: name, .cannotWrite(reason))
        }
    }

    static func data(sheets requested: [SheetContent], name: String) throws(SpreadsheetError) -> Data {
        let sheets = requested.isEmpty ? [SheetContent(name: "", header: [], rows: [])] : requested
        let names = sheetNames(sheets.map(\.name))
        var strings = SharedStrings()
        var worksheets: [String] = []
        for (index, sheet) in sheets.enumerated() {
            worksheets.append(try worksheet(sheet, name: names[index], selected: index == 0, strings: &strings, workbook: name))
        }

        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count, sharedStrings: !strings.isEmpty)),
            ("_rels/.rels", packageRelationships),
            ("xl/workbook.xml", workbook(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count, sharedStrings: !strings.isEmpty)),
            ("xl/styles.xml", styles),
        ]
        if !strings.isEmpty { parts.append(("xl/sharedStrings.xml", strings.xml)) }
        for (index, xml) in worksheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", xml)) }

        do {
            let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
            for part in parts {
                let bytes = Data(part.xml.utf8)
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: entryDate, compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw SpreadsheetError(workbook: name, .cannotWrite("arsip zip kosong")) }
            return data
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw SpreadsheetError(workbook: name, .cannotWrite("arsip zip: \(error)"))
        }
    }

    /// A fixed time on every part, so the same sheets give the same bytes (the zip stores a time per part).
    private static let entryDate = Date(timeIntervalSince1970: 946_728_000) // 2000-01-01 12:00 UTC

    // MARK: - Sheet names

    /// Excel's rules, applied rather than failed: at most 31 characters (UTF-16 units, as Excel
    /// counts), none of `: \ / ? * [ ]`, no apostrophe first or last, unique without regard to
    /// case, and not `History` (Excel keeps it for its change log). A name left empty becomes
    /// `LembarN`; a repeated one gets ` (2)`, ` (3)`… within the 31 characters.
    static func sheetNames(_ requested: [String]) -> [String] {
        var taken: Set<String> = ["history"]
        var names: [String] = []
        for (index, name) in requested.enumerated() {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: name.unicodeScalars.filter { $0.value >= 0x20 && SpreadsheetXML.isAllowed($0) && !forbiddenInNames.contains($0) })
            var base = trimmed(truncated(String(scalars), to: 31))
            if base.isEmpty { base = "Lembar\(index + 1)" }
            var candidate = base
            var number = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = trimmed(truncated(base, to: 31 - suffix.utf16.count)) + suffix
                number += 1
            }
            taken.insert(candidate.lowercased())
            names.append(candidate)
        }
        return names
    }

    private static let forbiddenInNames: Set<Unicode.Scalar> = [":", "\\", "/", "?", "*", "[", "]"]

    /// Whole characters only, so an emoji or a combining mark is never cut in half.
    private static func truncated(_ text: String, to units: Int) -> String {
        var result = ""
        var count = 0
        for character in text {
            count += character.utf16.count
            if count > units { break }
            result.append(character)
        }
        return result
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "'").union(.whitespaces))
    }

    // MARK: - Worksheets

    // Excel's limits: beyond them it repairs the workbook by dropping what does not fit.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384
    static let maximumTextLength = 32_767

    // Indices into styles.xml's cellXfs.
    private enum Style: Int {
        case plain = 0, header, date, percent
    }

    private static func worksheet(
        _ sheet: SheetContent, name: String, selected: Bool, strings: inout SharedStrings, workbook: String
    ) throws(SpreadsheetError) -> String {
        let rowCount = sheet.rows.count + (sheet.header.isEmpty ? 0 : 1)
        let columnCount = max(sheet.header.count, sheet.rows.lazy.map(\.count).max() ?? 0)
        guard rowCount <= maximumRows else {
            throw SpreadsheetError(workbook: workbook, .cannotWrite("lembar \(name) berisi \(rowCount) baris, Excel menampung paling banyak \(maximumRows)"))
        }
        guard columnCount <= maximumColumns else {
            throw SpreadsheetError(workbook: workbook, .cannotWrite("lembar \(name) berisi \(columnCount) kolom, Excel menampung paling banyak \(maximumColumns)"))
        }

        var data = ""
        var rowNumber = 0
        var lastRow = 0
        func append(_ values: [SheetValue], isHeader: Bool) throws(SpreadsheetError) {
            rowNumber += 1
            var cells = ""
            for (column, value) in values.enumerated() {
                let reference = "\(CellReference.letters(ofColumn: column))\(rowNumber)"
                switch value {
                case .text(let text) where !text.isEmpty:
                    guard text.utf16.count <= maximumTextLength else {
                        throw SpreadsheetError(workbook: workbook, .cannotWrite(
                            "sel \(reference) di lembar \(name) berisi \(text.utf16.count) karakter, Excel menampung paling banyak \(maximumTextLength)"))
                    }
                    cells += "<c r=\"\(reference)\"\(isHeader ? " s=\"\(Style.header.rawValue)\"" : "") t=\"s\"><v>\(strings.index(of: text))</v></c>"
                case .integer(let number):
                    cells += "<c r=\"\(reference)\"><v>\(number)</v></c>"
                case .number(let number) where number.isFinite:
                    cells += "<c r=\"\(reference)\"><v>\(number)</v></c>"
                case .percent(let number) where number.isFinite:
                    cells += "<c r=\"\(reference)\" s=\"\(Style.percent.rawValue)\"><v>\(number)</v></c>"
                case .date(let date):
                    if let serial = ExcelDate.serial(of: date) {
                        cells += "<c r=\"\(reference)\" s=\"\(Style.date.rawValue)\"><v>\(serial)</v></c>"
                    } else {
                        cells += "<c r=\"\(reference)\" t=\"s\"><v>\(strings.index(of: date.description))</v></c>"
                    }
                case .text, .number, .percent, .empty:
                    continue
                }
            }
            if !cells.isEmpty {
                data += "<row r=\"\(rowNumber)\">\(cells)</row>"
                lastRow = rowNumber
            }
        }
        if !sheet.header.isEmpty { try append(sheet.header.map(SheetValue.text), isHeader: true) }
        for row in sheet.rows { try append(row, isHeader: false) }

        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        let lastColumn = max(columnCount - 1, 0)
        xml += "<dimension ref=\"A1\(lastRow > 1 || lastColumn > 0 ? ":\(CellReference.letters(ofColumn: lastColumn))\(max(lastRow, 1))" : "")\"/>"
        xml += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        if !sheet.header.isEmpty {
            xml += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        xml += "</sheetView></sheetViews>"
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if columnCount > 0 {
            xml += "<cols>"
            for (index, width) in columnWidths(sheet, columnCount: columnCount).enumerated() {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += data.isEmpty ? "<sheetData/>" : "<sheetData>\(data)</sheetData>"
        xml += "</worksheet>"
        return xml
    }

    /// The widths asked for, else from the longest text shown in each column, header included,
    /// with two characters to spare for the bold face and the cell's margins.
    static func columnWidths(_ sheet: SheetContent, columnCount: Int) -> [Double] {
        (0..<columnCount).map { column in
            if let widths = sheet.columnWidths, widths.indices.contains(column), widths[column].isFinite, widths[column] >= 0 {
                return min(widths[column], 255)
            }
            var longest = column < sheet.header.count ? shownLength(.text(sheet.header[column])) : 0
            for row in sheet.rows where column < row.count {
                longest = max(longest, shownLength(row[column]))
            }
            return Double(min(max(longest + 2, 8), 60))
        }
    }

    /// About how many characters a cell shows: General shows at most 11 of a number.
    private static func shownLength(_ value: SheetValue) -> Int {
        switch value {
        case .text(let text): text.split(separator: "\n", omittingEmptySubsequences: false).lazy.map(\.count).max() ?? 0
        case .integer(let number): min(String(number).count, 11)
        case .number(let number): number.isFinite ? min(String(number).count, 11) : 0
        case .percent(let number): number.isFinite && abs(number) < 1e12 ? String(Int((number * 100).rounded())).count + 1 : 0
        case .date: 10
        case .empty: 0
        }
    }

    // MARK: - Fixed parts

    private static func contentTypes(sheetCount: Int, sharedStrings: Bool) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        if sharedStrings {
            xml += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        }
        for index in 1...sheetCount {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    private static let packageRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """#

    private static func workbook(_ names: [String]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, name) in names.enumerated() {
            xml += "<sheet name=\"\(SpreadsheetXML.escaped(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    /// Sheets are rId1…rIdN, so a sheet's relation is its position; styles and strings follow.
    private static func workbookRelationships(sheetCount: Int, sharedStrings: Bool) -> String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...sheetCount {
            xml += "<Relationship Id=\"rId\(index)\" Type=\"\(type)worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(type)styles\" Target=\"styles.xml\"/>"
        if sharedStrings {
            xml += "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(type)sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        return xml + "</Relationships>"
    }

    /// cellXfs in `Style`'s order. Two fills because Excel reserves the first two (none and
    /// gray125) and reads a custom fill 0 or 1 as those.
    private static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\#
        <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\#
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\#
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\#
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\#
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\#
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\#
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\#
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\#
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\#
        <xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\#
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\#
        </styleSheet>
        """#

    // MARK: - Shared strings

    /// Each distinct text once, in first-use order. Keyed by its UTF-8 bytes, not by `String`'s
    /// equality, which would fold `é` and `e` + combining accent into one and change the second.
    private struct SharedStrings {
        private var indices: [[UInt8]: Int] = [:]
        private var texts: [String] = []
        private var references = 0

        var isEmpty: Bool { texts.isEmpty }

        mutating func index(of text: String) -> Int {
            references += 1
            let key = Array(text.utf8)
            if let index = indices[key] { return index }
            indices[key] = texts.count
            texts.append(text)
            return texts.count - 1
        }

        var xml: String {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            xml += "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(references)\" uniqueCount=\"\(texts.count)\">"
            for text in texts {
                // preserve: leading and trailing spaces and line breaks are part of the text.
                xml += "<si><t xml:space=\"preserve\">\(SpreadsheetXML.escaped(text))</t></si>"
            }
            return xml + "</sst>"
        }
    }
}
