import Foundation
import PengingatCore
import PengingatSpreadsheet

/// A roster workbook read into the same roster files a CSV folder gives: one per sheet named
/// like a file (`kpm`, `anggota`…), or the one sheet of a workbook named like a file (`kpm.xlsx`),
/// or any sheet whose header says what it is. Each sheet is a file named `kpm.xlsx › kpm` in
/// messages, its rows numbered as Excel numbers them and its columns named by letter.
enum RosterWorkbook {
    /// The header row is looked for among a sheet's first rows: a title above it is common.
    static let headerSearchRows = 10

    static func load(path: String, issues: inout [ImportIssue]) -> [RosterFile] {
        let workbook: Workbook
        do {
            workbook = try Workbook.open(path: path)
        } catch {
            issues.append(ImportIssue(file: path, line: nil, severity: .fileRejected, error: error))
            return []
        }
        let visible = workbook.sheets.filter { !$0.isHidden }
        for hidden in workbook.sheets where hidden.isHidden {
            issues.append(RosterFile.fileIssue(path, .hiddenSheetSkipped(sheet: hidden.name), severity: .warning))
        }
        let fileName = (path as NSString).lastPathComponent
        let workbookKind = RosterFileKind(fileName: (fileName as NSString).deletingPathExtension + ".csv")
        var files: [RosterFile] = []
        for sheet in visible {
            let name = "\(path) › \(sheet.name)"
            let named = RosterFileKind(fileName: sheet.name + ".csv") ?? (visible.count == 1 ? workbookKind : nil)
            guard let (headerRow, kind) = header(of: sheet, expecting: named) else {
                if sheet.rows.isEmpty, named == nil { continue }
                issues.append(RosterFile.fileIssue(
                    name, visible.count == 1 && named == nil ? .fileNotRecognised(fileName: fileName) : sheet.rows.isEmpty
                        ? .fileEmpty : .sheetSkipped(sheet: sheet.name),
                    severity: visible.count == 1 || named != nil ? .fileRejected : .warning))
                continue
            }
            let document = table(sheet, headerRow: headerRow, phoneColumns: kind.phoneColumns, name: name, issues: &issues)
            if let file = RosterFile.checked(
                path: name, fileName: "\(fileName) › \(sheet.name)", kind: kind, document: document, isSheet: true,
                headerLine: headerRow, issues: &issues)
            {
                files.append(file)
            }
        }
        return files
    }

    /// The first of the sheet's first rows that is a header: of the kind the sheet's name says,
    /// or of any kind its columns say.
    static func header(of sheet: Worksheet, expecting kind: RosterFileKind?) -> (row: Int, kind: RosterFileKind)? {
        if let kind {
            // Named like a file but no header found: its first row, so the missing columns are named.
            let row = headerRow(of: sheet) { names in kind.requiredColumns.contains(where: names.contains) } ?? sheet.rowNumbers.first
            return row.map { ($0, kind) }
        }
        for row in sheet.rowNumbers.prefix(headerSearchRows) {
            if let found = RosterFileKind(header: headerNames(sheet, row: row).map(CSVDocument.normalizedColumnName)) {
                return (row, found)
            }
        }
        return nil
    }

    /// The first of the sheet's first rows whose normalised names `matches`.
    static func headerRow(of sheet: Worksheet, matches: ([String]) -> Bool) -> Int? {
        sheet.rowNumbers.prefix(headerSearchRows).first { matches(headerNames(sheet, row: $0).map(CSVDocument.normalizedColumnName)) }
    }

    /// A list that is not the roster (an attendance list, a verification list) from a workbook:
    /// the first visible sheet whose header has every required column, read like a roster sheet.
    /// Nil, with the reason in `issues`, when the workbook cannot be read or has no such sheet.
    static func list(path: String, requiredColumns: [String], issues: inout [ImportIssue]) -> (name: String, document: CSVDocument)? {
        let workbook: Workbook
        do {
            workbook = try Workbook.open(path: path)
        } catch {
            issues.append(ImportIssue(file: path, line: nil, severity: .fileRejected, error: error))
            return nil
        }
        for sheet in workbook.sheets where !sheet.isHidden {
            guard let row = headerRow(of: sheet, matches: { names in requiredColumns.allSatisfy(names.contains) }) else { continue }
            let name = "\(path) › \(sheet.name)"
            return (name, table(sheet, headerRow: row, phoneColumns: [], name: name, issues: &issues))
        }
        issues.append(ImportIssue(file: path, line: nil, severity: .fileRejected, error: ImportProblem(
            .requiredColumnMissing(columns: requiredColumns, fileName: (path as NSString).lastPathComponent))))
        return nil
    }

    /// A header row's names, a merged header cell's name in every column it spans.
    static func headerNames(_ sheet: Worksheet, row: Int) -> [String] {
        (0..<sheet.width).map { column in
            let reference = CellReference(row: row, column: column)
            let cell = sheet[reference] ?? sheet.mergedInto(reference).flatMap { sheet[$0.first] }
            return cell?.text ?? ""
        }
    }

    /// The rows under the header as the import's records: each cell's text; a cell of a range
    /// merged below the header takes the range's value; an Excel error is reported and read as
    /// empty; a phone number Excel turned into a number gets its leading 0 back, reported.
    static func table(
        _ sheet: Worksheet, headerRow: Int, phoneColumns phoneNames: Set<String>, name: String, issues: inout [ImportIssue]
    ) -> CSVDocument {
        let header = headerNames(sheet, row: headerRow)
        let normalized = header.map(CSVDocument.normalizedColumnName)
        let phoneColumns = Set(normalized.indices.filter { phoneNames.contains(normalized[$0]) })
        let bodyMerges = sheet.merges.filter { $0.first.row > headerRow }
        var records: [CSVDocument.Record] = []
        for row in sheet.rowNumbers where row > headerRow {
            var fields: [String] = []
            for column in 0..<header.count {
                let reference = CellReference(row: row, column: column)
                var cell = sheet[reference]
                if cell == nil, let range = bodyMerges.first(where: { $0.contains(reference) }) { cell = sheet[range.first] }
                let location = (line: row, letter: CellReference.letters(ofColumn: column), column: header[column])
                switch cell {
                case .error(let error)?:
                    issues.append(ImportIssue(
                        file: name, line: location.line, column: location.column, columnLetter: location.letter, value: error,
                        severity: .valueIgnored, error: ImportProblem(.cellError(error))))
                    fields.append("")
                case .number(let raw)? where phoneColumns.contains(column):
                    let digits = Cell.number(raw: raw).text ?? raw
                    if let repaired = PhoneRepair.leadingZeroRestored(digits) {
                        issues.append(ImportIssue(
                            file: name, line: location.line, column: location.column, columnLetter: location.letter, value: digits,
                            severity: .warning, error: ImportProblem(.phoneLostLeadingZero(repaired: repaired))))
                        fields.append(repaired)
                    } else {
                        fields.append(digits)
                    }
                default:
                    fields.append((cell?.text ?? "").trimmingWhitespace())
                }
            }
            records.append(CSVDocument.Record(line: row, fields: fields))
        }
        return CSVDocument(header: header.map { $0.trimmingWhitespace() }, records: records)
    }
}

/// What Excel does to a mobile number typed as a number: `081234567890` becomes 81234567890.
enum PhoneRepair {
    /// The number with its 0 back, when that is the only reading: 9 to 12 digits starting with
    /// 8, as an Indonesian mobile number without its trunk 0. Nil for anything else (a number
    /// with its country code, a landline, too short or long), which is read as it is.
    static func leadingZeroRestored(_ digits: String) -> String? {
        guard digits.first == "8", (9...12).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return "0" + digits
    }
}
