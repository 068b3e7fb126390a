import PengingatStore

/// What an import did, for the person who ran it and for scripts (through `exitCode`).
public struct ImportReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Everything stored as written (warnings aside).
        case clean
        /// The valid rows were stored; some rows or values were not.
        case storedWithRejections
        /// Nothing was stored: `--strict` with problems, no usable rows, or no files.
        case nothingStored

        /// 0 clean, 1 stored with rejected rows, 2 nothing stored.
        public var exitCode: Int32 {
            switch self {
            case .clean: 0
            case .storedWithRejections: 1
            case .nothingStored: 2
            }
        }
    }

    public struct FileSummary: Sendable, Equatable {
        public var path: String
        public var kind: RosterFileKind?
        public var rowsRead: Int
        public var rowsAccepted: Int
    }

    public var files: [FileSummary]
    public var issues: [ImportIssue]
    /// What the store changed; nil when nothing was applied.
    public var changes: RosterChangeSummary?
    public var outcome: Outcome

    public var problems: [ImportIssue] { issues.filter { $0.severity.isProblem } }
    public var warnings: [ImportIssue] { issues.filter { !$0.severity.isProblem } }
    /// Rows not stored; a row with several problems counts once.
    public var rejectedRowCount: Int {
        Set(issues.filter { $0.severity == .rowRejected }.map { "\($0.file)\u{1F}\($0.line ?? 0)" }).count
    }
}
