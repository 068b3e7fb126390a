import Foundation
import PengingatCore
import PostgresNIO

/// Attendance on PostgreSQL, as `SQLiteStore` keeps it. Ids are ordered with `COLLATE "C"`,
/// byte by byte as SQLite orders them.
extension PostgresStore: AttendanceStore {
    public func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) async throws -> Int {
        try await write { connection in
            // SQLite lets one writer in at a time; two recordings of one meeting take turns here
            // too, so the later one sees the earlier one's rows instead of colliding with them.
            try await connection.query("SELECT pg_advisory_xact_lock(7246103, hashtext(\(meetingID)))", logger: logger)
            let correction = AttendanceCorrection(recording: records, over: try await attendanceRecords(
                "SELECT \(unescaped: Self.attendanceColumns) FROM attendance WHERE meeting_id = \(meetingID)", on: connection))
            try await connection.query("DELETE FROM attendance WHERE meeting_id = \(meetingID)", logger: logger)
            for record in correction.records {
                try await connection.query("""
                    INSERT INTO attendance (meeting_id, group_id, household_id, status, reason, recorded_by, recorded_at_ms)
                    VALUES (\(meetingID), \(groupID), \(record.householdID), \(record.status.rawValue), \(record.reason),
                        \(record.recordedBy), \(Self.milliseconds(record.recordedAt)))
                    """, logger: logger)
            }
            return correction.changed
        }
    }

    public func attendance(meetingID: String) async throws -> [AttendanceRecord] {
        try await read { connection in
            try await attendanceRecords("""
                SELECT \(unescaped: Self.attendanceColumns) FROM attendance WHERE meeting_id = \(meetingID)
                ORDER BY household_id COLLATE "C"
                """, on: connection)
        }
    }

    public func attendanceHistory(groupID: Group.ID) async throws -> [String: [AttendanceRecord]] {
        try await read { connection in
            let records = try await attendanceRecords("""
                SELECT \(unescaped: Self.attendanceColumns) FROM attendance WHERE group_id = \(groupID)
                ORDER BY meeting_id COLLATE "C", household_id COLLATE "C"
                """, on: connection)
            return Dictionary(grouping: records, by: \.meetingID)
        }
    }

    /// The columns `attendanceRecords` decodes, in its order.
    private static let attendanceColumns = "meeting_id, household_id, status, reason, recorded_by, recorded_at_ms"

    /// A row whose status this version cannot read is left out, as `SQLiteStore` leaves it out.
    private func attendanceRecords(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [AttendanceRecord] {
        var records: [AttendanceRecord] = []
        for try await (meetingID, householdID, statusText, reason, recordedBy, recordedAtMilliseconds) in try await connection.query(
            query, logger: logger
        ).decode((String, String, String, String?, String, Int).self) {
            guard let status = AttendanceStatus(rawValue: statusText) else { continue }
            records.append(AttendanceRecord(
                meetingID: meetingID, householdID: householdID, status: status, reason: reason, recordedBy: recordedBy,
                recordedAt: Self.date(milliseconds: recordedAtMilliseconds)))
        }
        return records
    }
}
