import Foundation
import PengingatCore

/// A roster file found on disk, read, and matched to its kind, with its header checked.
struct RosterFile: Sendable {
    let path: String
    let kind: RosterFileKind
    let document: CSVDocument
    /// Normalised column name → 0-based position, for the known columns present.
    let columnIndex: ColumnIndex
    /// A workbook's sheet: its columns are named by letter in messages, its rows by sheet row.
    var isSheet = false

    func row(_ record: CSVDocument.Record) -> RosterRow {
        RosterRow(
            file: path, line: record.line, fields: record.fields, columnIndex: columnIndex,
            displayNames: document.rawHeader, columnLetters: isSheet)
    }
}

extension RosterFile {
    /// Expands folders into the CSV and .xlsx files inside them (not recursive; Excel's `~$` lock
    /// files left out) and keeps files as named.
    static func discover(_ paths: [String]) -> (found: [String], issues: [ImportIssue]) {
        var found: [String] = []
        var issues: [ImportIssue] = []
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                issues.append(fileIssue(path, .fileUnreadable(path: path, reason: "tidak ditemukan")))
                continue
            }
            guard isDirectory.boolValue else {
                found.append(path)
                continue
            }
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: path)
            } catch {
                issues.append(fileIssue(path, .fileUnreadable(path: path, reason: "folder tidak bisa dibuka")))
                continue
            }
            let csvNames = names.filter {
                $0.lowercased().hasSuffix(".csv") || ($0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$"))
            }.sorted()
            found += csvNames.map { (path as NSString).appendingPathComponent($0) }
        }
        return (found, issues)
    }

    /// Reads one file: a CSV file is one roster file, a workbook one per sheet it holds. Empty
    /// (with the reasons in `issues`) when nothing in it can be used.
    static func loadAll(path: String, issues: inout [ImportIssue]) -> [RosterFile] {
        if path.lowercased().hasSuffix(".xlsx") { return RosterWorkbook.load(path: path, issues: &issues) }
        return load(path: path, issues: &issues).map { [$0] } ?? []
    }

    /// Reads one CSV file; nil (with the reason in `issues`) when it cannot be used at all.
    static func load(path: String, issues: inout [ImportIssue]) -> RosterFile? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            issues.append(fileIssue(path, .fileUnreadable(path: path, reason: "tidak bisa dibuka")))
            return nil
        }
        let document = CSVDocument(data: data)
        if document.encoding == .windows1252 {
            issues.append(fileIssue(path, .notUTF8(encoding: document.encoding.rawValue), severity: .warning))
        }
        let header = document.header
        guard !header.isEmpty, header.contains(where: { !$0.isEmpty }) else {
            issues.append(fileIssue(path, .fileEmpty))
            return nil
        }
        let fileName = (path as NSString).lastPathComponent
        guard let kind = RosterFileKind(fileName: fileName) ?? RosterFileKind(header: header) else {
            issues.append(fileIssue(path, .fileNotRecognised(fileName: fileName)))
            return nil
        }
        return checked(path: path, fileName: fileName, kind: kind, document: document, issues: &issues)
    }

    /// A file or sheet of a known kind, its header checked: every required column once.
    static func checked(
        path: String, fileName: String, kind: RosterFileKind, document: CSVDocument, isSheet: Bool = false,
        headerLine: Int = 1, issues: inout [ImportIssue]
    ) -> RosterFile? {
        let header = document.header
        let line = headerLine

        var columnIndex: [String: Int] = [:]
        var extra: [String] = []
        for (index, name) in header.enumerated() {
            if kind.columns.contains(name) {
                if columnIndex[name] != nil {
                    issues.append(fileIssue(path, .duplicateColumn(document.rawHeader[index]), line: line))
                    return nil
                }
                columnIndex[name] = index
            } else if !name.isEmpty {
                extra.append(document.rawHeader[index])
            }
        }
        let missingRequired = kind.requiredColumns.filter { columnIndex[$0] == nil }
        if !missingRequired.isEmpty {
            issues.append(fileIssue(path, .requiredColumnMissing(columns: missingRequired, fileName: fileName), line: line))
            return nil
        }
        if !extra.isEmpty {
            issues.append(fileIssue(path, .extraColumnsIgnored(extra), line: line, severity: .warning))
        }
        let missingOptional = kind.optionalColumns.filter { columnIndex[$0] == nil }
        if !missingOptional.isEmpty {
            issues.append(fileIssue(path, .optionalColumnMissing(missingOptional), line: line, severity: .warning))
        }
        return RosterFile(path: path, kind: kind, document: document, columnIndex: ColumnIndex(columnIndex), isSheet: isSheet)
    }

    static func fileIssue(
        _ path: String, _ kind: ImportProblem.Kind, line: Int? = nil, severity: ImportIssue.Severity = .fileRejected
    ) -> ImportIssue {
        ImportIssue(file: path, line: line, severity: severity, error: ImportProblem(kind))
    }
}
