import Foundation
import SWXMLHash
import ZIPFoundation

/// An .xlsx workbook read whole: its sheets in the workbook's order, cells read into values
/// (shared strings resolved, numbers formatted as dates turned into dates). Written for what
/// rosters need, not as a spreadsheet library: no formulas are evaluated (their cached results
/// are read), no styles beyond "is this number a date".
public struct Workbook: Sendable {
    /// The name used in messages: the file's name.
    public let name: String
    public let sheets: [Worksheet]
    /// Dates count from 1904 (old Mac workbooks).
    public let uses1904Dates: Bool

    public init(name: String, sheets: [Worksheet], uses1904Dates: Bool = false) {
        self.name = name
        self.sheets = sheets
        self.uses1904Dates = uses1904Dates
    }

    public static func open(path: String) throws(SpreadsheetError) -> Workbook {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else { throw SpreadsheetError(workbook: name, .notAWorkbook) }
        return try read(data, name: name)
    }

    public static func read(_ data: Data, name: String) throws(SpreadsheetError) -> Workbook {
        // A password-protected workbook is an OLE compound file, not a zip.
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw SpreadsheetError(workbook: name, data.count > 512 && isEncrypted(data) ? .encrypted : .notAWorkbook)
        }
        let archive: Archive
        do {
            guard data.starts(with: [0x50, 0x4B]) else { throw SpreadsheetError(workbook: name, .notAWorkbook) }
            archive = try Archive(data: data, accessMode: .read, pathEncoding: nil)
        } catch {
            throw SpreadsheetError(workbook: name, .notAWorkbook)
        }
        let parts = Parts(archive: archive, workbook: name)
        let workbook = try parts.required("xl/workbook.xml")
        let relations = try parts.required("xl/_rels/workbook.xml.rels")
        var targets: [String: String] = [:]
        for relation in relations["Relationships"]["Relationship"].all {
            guard let id = relation.element?.attribute(by: "Id")?.text, let target = relation.element?.attribute(by: "Target")?.text
            else { continue }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        let uses1904 = ["1", "true"].contains(workbook["workbook"]["workbookPr"].element?.attribute(by: "date1904")?.text ?? "")
        let sharedStrings = try parts.xml("xl/sharedStrings.xml", required: false).map(Self.sharedStrings) ?? []
        let dateStyles = try parts.xml("xl/styles.xml", required: false).map(Self.dateStyles) ?? []

        var sheets: [Worksheet] = []
        for sheet in workbook["workbook"]["sheets"]["sheet"].all {
            guard let element = sheet.element, let sheetName = element.attribute(by: "name")?.text else { continue }
            let relation = element.attribute(by: "r:id")?.text ?? element.attribute(by: "id")?.text ?? ""
            guard let target = targets[relation], let xml = try parts.xml(target, required: false) else {
                throw SpreadsheetError(workbook: name, .partUnreadable("lembar \(sheetName)"))
            }
            let state = element.attribute(by: "state")?.text ?? "visible"
            sheets.append(Self.worksheet(xml, name: sheetName, hidden: state != "visible", sharedStrings: sharedStrings,
                                         dateStyles: dateStyles, uses1904: uses1904))
        }
        return Workbook(name: name, sheets: sheets, uses1904Dates: uses1904)
    }

    // MARK: - Parts

    private struct Parts {
        let archive: Archive
        let workbook: String

        func required(_ path: String) throws(SpreadsheetError) -> XMLIndexer {
            guard let xml = try xml(path, required: true) else { throw SpreadsheetError(workbook: workbook, .partUnreadable(path)) }
            return xml
        }

        func xml(_ path: String, required: Bool) throws(SpreadsheetError) -> XMLIndexer? {
            guard let entry = archive[path] else {
                if required { throw SpreadsheetError(workbook: workbook, .partUnreadable(path)) }
                return nil
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw SpreadsheetError(workbook: workbook, .partUnreadable(path))
            }
            let indexer = XMLHash.config { options in
                options.shouldProcessNamespaces = false
                options.detectParsingErrors = true
            }.parse(data)
            if case .parsingError = indexer { throw SpreadsheetError(workbook: workbook, .partUnreadable(path)) }
            return indexer
        }
    }

    /// A shared string is plain (`<t>`) or rich text (runs of `<r><t>`); phonetic runs are not text.
    static func sharedStrings(_ xml: XMLIndexer) -> [String] {
        xml["sst"]["si"].all.map { item in
            guard let element = item.element else { return "" }
            return text(of: element)
        }
    }

    static func text(of element: XMLElement) -> String {
        var result = ""
        for child in element.children {
            guard let child = child as? XMLElement else { continue }
            switch child.name {
            case "t": result += child.text
            case "r": result += text(of: child)
            default: continue // rPh, phoneticPr
            }
        }
        return result
    }

    /// Which cell styles (`s` of a cell, an index into `cellXfs`) show a number as a date.
    static func dateStyles(_ xml: XMLIndexer) -> Set<Int> {
        var customFormats: [Int: String] = [:]
        for format in xml["styleSheet"]["numFmts"]["numFmt"].all {
            guard let id = format.element.flatMap({ integer($0, "numFmtId") }) else { continue }
            customFormats[id] = format.element?.attribute(by: "formatCode")?.text
        }
        var styles: Set<Int> = []
        for (index, style) in xml["styleSheet"]["cellXfs"]["xf"].all.enumerated() {
            let id = style.element.flatMap { integer($0, "numFmtId") } ?? 0
            if ExcelDate.isDateFormat(id: id, code: customFormats[id]) { styles.insert(index) }
        }
        return styles
    }

    static func worksheet(
        _ xml: XMLIndexer, name: String, hidden: Bool, sharedStrings: [String], dateStyles: Set<Int>, uses1904: Bool
    ) -> Worksheet {
        var rows: [Int: [Int: Cell]] = [:]
        var nextRow = 1
        for row in xml["worksheet"]["sheetData"]["row"].all {
            guard let rowElement = row.element else { continue }
            let rowNumber = integer(rowElement, "r") ?? nextRow
            nextRow = rowNumber + 1
            var cells: [Int: Cell] = [:]
            var nextColumn = 0
            for cell in rowElement.children.compactMap({ $0 as? XMLElement }) where cell.name == "c" {
                let column = cell.attribute(by: "r").flatMap { CellReference($0.text)?.column } ?? nextColumn
                nextColumn = column + 1
                let value = cell.children.compactMap { $0 as? XMLElement }.first { $0.name == "v" }?.text
                let style = integer(cell, "s")
                let read: Cell?
                switch cell.attribute(by: "t")?.text ?? "n" {
                case "s": read = value.flatMap { Int($0) }.flatMap { sharedStrings.indices.contains($0) ? .text(sharedStrings[$0]) : nil }
                case "inlineStr": read = cell.children.compactMap { $0 as? XMLElement }.first { $0.name == "is" }.map { .text(text(of: $0)) }
                case "str": read = value.map { .text($0) }
                case "b": read = value.map { .boolean($0 == "1") }
                case "e": read = .error(value ?? "#ERROR")
                case "d": read = value.map { .text(String($0.prefix(10))) }
                default:
                    guard let value, !value.isEmpty else { read = nil; break }
                    if let style, dateStyles.contains(style), let number = Double(value),
                       let date = ExcelDate.date(serial: number, uses1904: uses1904) {
                        read = .date(date)
                    } else {
                        read = .number(raw: value)
                    }
                }
                if let read, read.text.map({ !$0.isEmpty }) ?? true { cells[column] = read }
            }
            if !cells.isEmpty { rows[rowNumber] = cells }
        }
        let merges = xml["worksheet"]["mergeCells"]["mergeCell"].all.compactMap { $0.element?.attribute(by: "ref")?.text }
            .compactMap { CellRange($0) }
        return Worksheet(name: name, isHidden: hidden, rows: rows, merges: merges)
    }

    static func integer(_ element: XMLElement, _ attribute: String) -> Int? {
        element.attribute(by: attribute).flatMap { Int($0.text) }
    }

    /// An encrypted OOXML file carries an `EncryptionInfo` stream in its compound file.
    private static func isEncrypted(_ data: Data) -> Bool {
        let marker = Array("EncryptionInfo".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        return data.prefix(64 * 1024).range(of: Data(marker)) != nil
    }
}
