import PengingatCore
import PengingatSpreadsheet

/// One record of a roster file, read by column name, collecting what is wrong with it.
///
/// Every accessor reports its own problem with the column's name and position, so the
/// per-kind parsers stay a flat list of fields.
struct RosterRow {
    let file: String
    let line: Int
    private let fields: [String]
    private let columnIndex: ColumnIndex
    private let displayNames: [String]
    /// Name columns by their letter (a workbook's sheet), as Excel shows them.
    private let columnLetters: Bool
    private(set) var issues: [ImportIssue] = []

    init(file: String, line: Int, fields: [String], columnIndex: ColumnIndex, displayNames: [String], columnLetters: Bool = false) {
        self.columnLetters = columnLetters
        self.file = file
        self.line = line
        self.fields = fields
        self.columnIndex = columnIndex
        self.displayNames = displayNames
    }

    /// True when nothing in this row made it unusable.
    var isAcceptable: Bool { !issues.contains { $0.severity == .rowRejected } }

    /// The text of a column (trimmed when the file was read); empty when the column is missing from this file.
    func text(_ column: String) -> String {
        guard let index = columnIndex[column], index < fields.count else { return "" }
        return fields[index]
    }

    mutating func report(
        _ column: String?, _ error: any ExplainedError, severity: ImportIssue.Severity = .rowRejected,
        value: String? = nil
    ) {
        issues.append(issue(column, error, severity: severity, value: value))
    }

    /// An issue located at this row and column, without recording it here.
    func issue(
        _ column: String?, _ error: any ExplainedError, severity: ImportIssue.Severity, value: String? = nil
    ) -> ImportIssue {
        let index = column.flatMap { columnIndex[$0] }
        return ImportIssue(
            file: file, line: line,
            column: index.map { displayNames[$0] } ?? column,
            columnNumber: index.map { $0 + 1 },
            columnLetter: columnLetters ? index.map(CellReference.letters(ofColumn:)) : nil,
            value: value ?? column.map { text($0) }.flatMap { $0.isEmpty ? nil : $0 },
            severity: severity, error: error)
    }

    /// A value that must not be empty.
    mutating func required(_ column: String) -> String {
        let value = text(column)
        if value.isEmpty { report(column, ImportProblem(.requiredValueEmpty(column: column))) }
        return value
    }

    /// Reads a value through a throwing parser; an empty cell is nil without complaint.
    mutating func parsed<Value, Failure: ExplainedError>(
        _ column: String, severity: ImportIssue.Severity = .rowRejected,
        _ parse: (String) throws(Failure) -> Value
    ) -> Value? {
        let value = text(column)
        guard !value.isEmpty else { return nil }
        do {
            return try parse(value)
        } catch {
            report(column, error, severity: severity)
            return nil
        }
    }

    /// One of a fixed set of words, tolerant of case, spaces and the synonyms people write;
    /// an empty cell takes the default.
    mutating func choice<Value>(_ column: String, default defaultValue: Value, _ words: [String: Value]) -> Value {
        let value = text(column)
        guard !value.isEmpty else { return defaultValue }
        let key = CSVDocument.normalizedColumnName(value)
        if let match = words[key] { return match }
        let allowed = Array(Set(words.keys.filter { !$0.contains("_") || $0.count > 3 })).sorted()
        report(column, ImportProblem(.unknownValue(column: column, allowed: canonicalWords[column] ?? allowed)))
        return defaultValue
    }

    /// A date on or before `today` and after 1900.
    mutating func pastDate(_ column: String, today: CalendarDate) -> CalendarDate? {
        guard let date = parsed(column, CalendarDate.parseIndonesian) else { return nil }
        if date > today {
            report(column, ImportProblem(.dateInFuture(column: column)))
            return nil
        }
        if date.year < 1900 {
            report(column, ImportProblem(.dateTooOld(column: column)))
            return nil
        }
        return date
    }
}

/// The words shown in an "unknown value" message: the canonical spellings only.
private let canonicalWords: [String: [String]] = [
    "kanal": ["sms", "whatsapp"],
    "bahasa": ["id", "su", "jv"],
    "status": ["aktif", "nonaktif"],
    "mode": ["tatap_muka", "daring"],
    "pkh_akses": ["ya", "tidak"],
    "jenis_kelamin": ["L", "P"],
    "komponen": Member.Component.allCases.map(\.rawValue),
]
