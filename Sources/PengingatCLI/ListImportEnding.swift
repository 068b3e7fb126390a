import ArgumentParser
import PengingatService

/// How importing a list a facilitator hands in (attendance, verification) ends: each problem on
/// standard error with where it is; exit 2 when nothing was recorded, 1 when some rows were
/// left out, 0 when everything was recorded.
func endListImport(recorded: Int, issues: [ImportIssue], nothingRecorded: String) throws {
    for issue in issues { StandardError.write("\(issue)\n") }
    if recorded == 0 && !issues.isEmpty {
        StandardError.write(nothingRecorded + "\n")
        throw ExitCode(2)
    }
    if !issues.isEmpty { throw ExitCode(1) }
}
