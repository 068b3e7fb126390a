import Foundation
import GRDB

/// What `pengingat cadangkan` wrote.
public struct BackupSummary: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var households: Int
    public var messages: Int
    public var logEntries: Int
}

extension SQLiteStore {
    /// Copies the whole database to `destination` with SQLite's online backup, while the
    /// service keeps writing: the copy is one consistent moment. The copy is written beside
    /// the destination and renamed into place only once `PRAGMA integrity_check` passes, so a
    /// failed backup never leaves a half-written file under the backup's name.
    public func backup(to destination: String) async throws(StoreError) -> BackupSummary {
        let url = URL(fileURLWithPath: destination)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: partial)
            let copy = try DatabaseQueue(path: partial.path)
            try database.writer.backup(to: copy)
            let summary = try await copy.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard check == ["ok"] else { throw BackupCheckFailed(report: check.prefix(3).joined(separator: "; ")) }
                return BackupSummary(
                    path: destination, bytes: 0,
                    households: try Int.fetchOne(db, sql: "SELECT count(*) FROM households") ?? 0,
                    messages: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? 0,
                    logEntries: try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery_log") ?? 0)
            }
            try copy.close()
            if FileManager.default.fileExists(atPath: destination) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: partial)
            } else {
                try FileManager.default.moveItem(at: partial, to: url)
            }
            var result = summary
            result.bytes = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
            return result
        } catch let error as BackupCheckFailed {
            try? FileManager.default.removeItem(at: partial)
            throw StoreError(operation: .read, path: destination, detail: "the copy failed its integrity check: \(error.report)")
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw StoreError(operation: .write, path: destination, underlying: error)
        }
    }
}

private struct BackupCheckFailed: Error {
    let report: String
}
