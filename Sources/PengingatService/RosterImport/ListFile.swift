import Foundation
import PengingatCore

/// A list a facilitator hands in (attendance, verification): a CSV file, or a workbook's sheet
/// with the same columns. Opened once, with its header checked, the same way for every list.
struct ListFile {
    /// Where rows are said to be: the file, or a workbook's sheet (`kehadiran.xlsx › Sheet1`).
    let path: String
    let document: CSVDocument
    /// A sheet's columns are named by letter in issues; a CSV file's by name.
    let isSheet: Bool
    let columns: ColumnIndex

    /// Nil, with the reason in `issues`, when the file cannot be read or lacks a required column.
    static func open(_ path: String, requiredColumns required: [String], issues: inout [ImportIssue]) -> ListFile? {
        let document: CSVDocument
        var location = path
        let isSheet = path.lowercased().hasSuffix(".xlsx")
        if isSheet {
            guard let list = RosterWorkbook.list(path: path, requiredColumns: required, issues: &issues) else { return nil }
            (location, document) = list
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                issues.append(ImportIssue(file: path, line: nil, severity: .fileRejected,
                                          error: ImportProblem(.fileUnreadable(path: path, reason: "tidak bisa dibuka"))))
                return nil
            }
            document = CSVDocument(data: data)
        }
        let header = document.header
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            issues.append(ImportIssue(file: location, line: 1, severity: .fileRejected, error: ImportProblem(
                .requiredColumnMissing(columns: missing, fileName: (path as NSString).lastPathComponent))))
            return nil
        }
        return ListFile(path: location, document: document, isSheet: isSheet, columns: ColumnIndex(
            Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })))
    }

    /// Each non-blank record as a row that reports its own issues.
    var rows: [(line: Int, row: RosterRow)] {
        document.records.filter { !$0.isBlank }.map { record in
            (record.line, RosterRow(file: path, line: record.line, fields: record.fields, columnIndex: columns,
                                    displayNames: document.rawHeader, columnLetters: isSheet))
        }
    }
}
