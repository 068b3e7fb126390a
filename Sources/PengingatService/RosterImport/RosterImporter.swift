import Logging
import PengingatCore
import PengingatStore

/// Reads roster CSV files and .xlsx workbooks into the store: every valid row lands, every bad one is reported
/// with its file, line and column, and nothing valid is lost.
public struct RosterImporter: Sendable {
    public struct Options: Sendable {
        /// Store nothing when any row or value is rejected.
        public var strict: Bool
        /// The files are a part of the roster: households missing from kpm.csv stay as they are.
        public var partial: Bool
        /// The day to check dates against (births, HPHT cannot be in the future).
        public var today: CalendarDate

        public init(strict: Bool = false, partial: Bool = false, today: CalendarDate) {
            self.strict = strict
            self.partial = partial
            self.today = today
        }
    }

    let store: any RosterStore
    let logger: Logger

    public init(store: any RosterStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Imports files and folders (a folder means the CSV files and workbooks directly inside it).
    public func importRoster(
        from paths: [String], options: Options, progress: ImportProgressHandler? = nil
    ) async throws -> ImportReport {
        let (found, discoveryIssues) = RosterFile.discover(paths)
        var issues = discoveryIssues
        // What is stored is read while the files are parsed.
        async let directory = store.directory()
        async let storedGroups = store.groups(in: .everything)
        async let storedPosyandus = store.posyandus()
        // Files are read and parsed side by side (kpm and anggota are most of the work), then
        // taken in the order they were named, so issues and summaries keep that order.
        let loaded = await withTaskGroup(of: (Int, [RosterFile], [ImportIssue]).self) { group in
            for (index, path) in found.enumerated() {
                group.addTask {
                    var fileIssues: [ImportIssue] = []
                    let files = RosterFile.loadAll(path: path, issues: &fileIssues)
                    return (index, files, fileIssues)
                }
            }
            var results: [(Int, [RosterFile], [ImportIssue])] = []
            for await result in group {
                progress?(ImportProgress(phase: .reading(file: found[result.0]), completed: results.count, total: found.count))
                results.append(result)
            }
            return results.sorted { $0.0 < $1.0 }
        }
        var files: [RosterFile] = []
        for (_, loadedFiles, fileIssues) in loaded {
            issues += fileIssues
            files += loadedFiles
        }
        if found.isEmpty, discoveryIssues.isEmpty {
            issues.append(RosterFile.fileIssue(paths.joined(separator: ", "), .noFiles(paths: paths)))
        }

        var batch = RosterBatch(
            directory: try await directory, storedGroups: try await storedGroups, storedPosyandus: try await storedPosyandus,
            today: options.today)
        batch.issues = issues
        // Once the households are checked, everything but the members is settled: the store
        // starts writing it while the members are checked (`RosterStore.apply(parts:)`), and
        // the members follow in chunks as they are settled, all in one transaction, which is
        // rolled back if the import stores nothing after all.
        let (parts, partSink) = AsyncThrowingStream<RosterUpdate, any Error>.makeStream()
        return try await withThrowingTaskGroup(of: RosterChangeSummary.self) { storing in
            var storingStarted = false
            var membersSent = 0
            for kind in RosterFileKind.allCases {
                let ofKind = files.filter { $0.kind == kind }
                let total = ofKind.reduce(0) { $0 + $1.document.records.count }
                var before = 0
                for file in ofKind {
                    batch.read(file) { done in
                        progress?(ImportProgress(phase: .checking(kind), completed: before + done, total: total))
                    }
                    before += file.document.records.count
                }
                if kind == .households {
                    batch.resolveLeaders()
                    let settled = RosterUpdate(
                        facilitators: batch.facilitators.values, posyandus: batch.posyandus.values,
                        groups: batch.groups.values, households: batch.households.values)
                    let strictAndRejected = options.strict && batch.issues.contains { $0.severity.isProblem }
                    if !settled.isEmpty && !strictAndRejected {
                        storing.addTask { try await store.apply(parts: parts) }
                        partSink.yield(settled)
                        storingStarted = true
                        // Members follow in chunks as they are settled.
                        batch.membersSettled = { members in
                            partSink.yield(RosterUpdate(members: Array(members)))
                            membersSent += members.count
                        }
                    }
                }
            }
            return try await finish(
                batch: &batch, files: files, options: options, progress: progress,
                storeRest: { update in
                    if storingStarted {
                        partSink.yield(RosterUpdate(
                            members: Array(update.members.dropFirst(membersSent)),
                            householdsWithCompleteMembers: update.householdsWithCompleteMembers,
                            householdsToDeactivate: update.householdsToDeactivate))
                        partSink.finish()
                        return try await storing.next()!
                    }
                    partSink.finish()
                    return try await store.apply(update)
                },
                storeNothing: {
                    partSink.finish(throwing: ImportStoresNothing())
                    if storingStarted { _ = try? await storing.next() }
                })
        }
    }

    /// Thrown into the parts of an import that stores nothing after all: its transaction rolls back.
    private struct ImportStoresNothing: Error {}

    /// After every file is checked: the report's order and counts, then storing the rest of
    /// the import (`storeRest`, given the whole update) or rolling back what was begun (`storeNothing`).
    private func finish(
        batch: inout RosterBatch, files: [RosterFile], options: Options, progress: ImportProgressHandler?,
        storeRest: (RosterUpdate) async throws -> RosterChangeSummary, storeNothing: () async -> Void
    ) async throws -> ImportReport {
        batch.warnAboutAreasWithoutPosyandu()

        let update = RosterUpdate(
            facilitators: batch.facilitators.values,
            posyandus: batch.posyandus.values,
            groups: batch.groups.values,
            households: batch.households.values,
            members: batch.members.values,
            householdsWithCompleteMembers: batch.householdsWithCompleteMembers,
            householdsToDeactivate: files.contains { $0.kind == .households } && !options.partial
                ? batch.householdsMissingFromFullImport() : [])

        // Report in reading order: file by file as applied, line by line within a file.
        let fileOrder = Dictionary(
            files.enumerated().map { ($1.path, ($1.kind, $0)) }, uniquingKeysWith: { first, _ in first })
        let issuesInOrder = batch.issues.enumerated().sorted { lhs, rhs in
            func key(_ issue: ImportIssue) -> (Int, Int, Int) {
                guard let (kind, index) = fileOrder[issue.file] else { return (-1, 0, issue.line ?? 0) }
                return (RosterFileKind.allCases.firstIndex(of: kind) ?? 0, index, issue.line ?? 0)
            }
            let (left, right) = (key(lhs.element), key(rhs.element))
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        batch.issues = issuesInOrder

        let summaries = files.map { file in
            ImportReport.FileSummary(
                path: file.path, kind: file.kind, rowsRead: file.document.records.filter { !$0.isBlank }.count,
                rowsAccepted: batch.acceptedRows[file.path] ?? 0)
        }
        let hasProblems = batch.issues.contains { $0.severity.isProblem }
        let nothingUsable = update.isEmpty && hasProblems
        if (options.strict && hasProblems) || nothingUsable || files.isEmpty {
            logger.notice(
                "roster import stored nothing",
                metadata: ["import.problems": "\(batch.issues.filter { $0.severity.isProblem }.count)",
                           "import.strict": "\(options.strict)"])
            await storeNothing()
            return ImportReport(files: summaries, issues: batch.issues, changes: nil, outcome: .nothingStored)
        }

        progress?(ImportProgress(phase: .storing, completed: 0, total: 1))
        let changes = try await storeRest(update)
        progress?(ImportProgress(phase: .storing, completed: 1, total: 1))
        logger.info(
            "roster imported",
            metadata: [
                "import.households.inserted": "\(changes.households.inserted)",
                "import.households.updated": "\(changes.households.updated)",
                "import.households.retired": "\(changes.households.retired)",
                "import.members.inserted": "\(changes.members.inserted)",
                "import.rows.rejected": "\(batch.issues.filter { $0.severity == .rowRejected }.count)",
            ])
        return ImportReport(
            files: summaries, issues: batch.issues, changes: changes,
            outcome: hasProblems ? .storedWithRejections : .clean)
    }
}
