import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: AttendanceStore {
    public func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) async throws -> Int {
        try await write { db in
            let correction = AttendanceCorrection(
                recording: records, over: try Self.attendanceRecords(db, sql: "SELECT * FROM attendance WHERE meeting_id = ?", [meetingID]))
            try db.execute(sql: "DELETE FROM attendance WHERE meeting_id = ?", arguments: [meetingID])
            for record in correction.records {
                try db.execute(sql: """
                    INSERT INTO attendance (meeting_id, group_id, household_id, status, reason, recorded_by, recorded_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [meetingID, groupID, record.householdID, record.status.rawValue, record.reason,
                                     record.recordedBy, Int(record.recordedAt.timeIntervalSince1970 * 1000)])
            }
            return correction.changed
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
