import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: AttendanceStore {
    public func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) async throws -> Int {
        try await write { db in
            var old: [String: (String, String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT household_id, status, reason FROM attendance WHERE meeting_id = ?",
                                        arguments: [meetingID]) {
                old[row[0]] = (row[1], row[2])
            }
            try db.execute(sql: "DELETE FROM attendance WHERE meeting_id = ?", arguments: [meetingID])
            var changed = 0
            for record in records {
                if let previous = old[record.householdID], previous.0 == record.status.rawValue, previous.1 == record.reason {
                } else {
                    changed += 1
                }
                try db.execute(sql: """
                    INSERT INTO attendance (meeting_id, group_id, household_id, status, reason, recorded_by, recorded_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [meetingID, groupID, record.householdID, record.status.rawValue, record.reason,
                                     record.recordedBy, Int(record.recordedAt.timeIntervalSince1970 * 1000)])
            }
            return changed
        }
    }

    public func attendance(meetingID: String) async throws -> [AttendanceRecord] {
        try await read { db in
            try Self.attendanceRecords(db, sql: "SELECT * FROM attendance WHERE meeting_id = ? ORDER BY household_id", [meetingID])
        }
    }

    public func attendanceHistory(groupID: Group.ID) async throws -> [String: [AttendanceRecord]] {
        try await read { db in
            let records = try Self.attendanceRecords(
                db, sql: "SELECT * FROM attendance WHERE group_id = ? ORDER BY meeting_id, household_id", [groupID])
            return Dictionary(grouping: records, by: \.meetingID)
        }
    }

    static func attendanceRecords(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [AttendanceRecord] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
            guard let status = AttendanceStatus(rawValue: row["status"]) else { return nil }
            return AttendanceRecord(
                meetingID: row["meeting_id"], householdID: row["household_id"], status: status, reason: row["reason"],
                recordedBy: row["recorded_by"], recordedAt: Date(timeIntervalSince1970: TimeInterval(row["recorded_at_ms"] as Int) / 1000))
        }
    }
}
