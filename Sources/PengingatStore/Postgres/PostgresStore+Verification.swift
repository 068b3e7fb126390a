import Foundation
import PengingatCore
import PostgresNIO

/// Commitment verification on PostgreSQL, as `SQLiteStore` keeps it: the same statements
/// (`VerificationSchema`), ids ordered byte by byte (`COLLATE "C"` columns).
extension PostgresStore: VerificationStore {
    public func recordVerifications(
        _ records: [CommitmentVerification], month: CalendarMonth, groupID: Group.ID
    ) async throws -> Int {
        try await write { connection in
            // One recording of a group's month at a time, as SQLite's single writer gives: the later
            // one reads the earlier one's rows to know which of its own are changes.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(7246104, hashtext(\(groupID + "/" + month.description)))", logger: logger)
            let earlier = try await verificationRecords("""
                SELECT \(unescaped: VerificationSchema.columns) FROM commitment_verifications
                WHERE month = \(month.description) AND group_id = \(groupID)
                """, on: connection)
            let correction = VerificationCorrection(recording: records.filter { $0.month == month }, over: earlier)
            let sql = VerificationSchema.upsert((1...10).map { "$\($0)" })
            for record in correction.records {
                var binds = PostgresBindings()
                binds.append(month.description)
                binds.append(groupID)
                binds.append(record.householdID)
                binds.append(Member.key(forName: record.memberName))
                binds.append(record.memberName)
                binds.append(record.commitment.rawValue)
                binds.append(record.status.rawValue)
                binds.append(record.note)
                binds.append(record.recordedBy)
                binds.append(Self.milliseconds(record.recordedAt))
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            }
            return correction.changed
        }
    }

    public func verifications(groupID: Group.ID, from first: CalendarMonth, through last: CalendarMonth) async throws
        -> [CommitmentVerification]
    {
        try await read { connection in
            try await verificationRecords("""
                SELECT \(unescaped: VerificationSchema.columns) FROM commitment_verifications
                WHERE group_id = \(groupID) AND month >= \(first.description) AND month <= \(last.description)
                ORDER BY month, household_id, member_key, commitment
                """, on: connection)
        }
    }

    private func verificationRecords(_ query: PostgresQuery, on connection: PostgresConnection) async throws
        -> [CommitmentVerification]
    {
        var records: [CommitmentVerification] = []
        for try await (month, householdID, memberName, commitment, status, note, recordedBy, recordedAt) in try await connection
            .query(query, logger: logger).decode((String, String, String, String, String, String?, String, Int64).self)
        {
            if let record = VerificationRow.record(
                month: month, householdID: householdID, memberName: memberName, commitment: commitment, status: status,
                note: note, recordedBy: recordedBy, recordedAtMilliseconds: recordedAt)
            {
                records.append(record)
            }
        }
        return records
    }
}
