import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: VerificationStore {
    public func recordVerifications(
        _ records: [CommitmentVerification], month: CalendarMonth, groupID: Group.ID
    ) async throws -> Int {
        try await write { db in
            let earlier = try Self.verificationRecords(db, sql: """
                SELECT \(VerificationSchema.columns) FROM commitment_verifications WHERE month = ? AND group_id = ?
                """, [month.description, groupID])
            let correction = VerificationCorrection(recording: records.filter { $0.month == month }, over: earlier)
            let statement = try db.cachedStatement(sql: VerificationSchema.upsert(Array(repeating: "?", count: 10)))
            for record in correction.records {
                try statement.execute(arguments: [
                    month.description, groupID, record.householdID, Member.key(forName: record.memberName), record.memberName,
                    record.commitment.rawValue, record.status.rawValue, record.note, record.recordedBy,
                    Int64(record.recordedAt.timeIntervalSince1970 * 1000),
                ])
            }
            return correction.changed
        }
    }

    public func verifications(groupID: Group.ID, from first: CalendarMonth, through last: CalendarMonth) async throws
        -> [CommitmentVerification]
    {
        try await read { db in try Self.verifications(db, groupID: groupID, from: first, through: last) }
    }

    static func verifications(_ db: Database, groupID: Group.ID, from first: CalendarMonth, through last: CalendarMonth) throws
        -> [CommitmentVerification]
    {
        try verificationRecords(db, sql: """
            SELECT \(VerificationSchema.columns) FROM commitment_verifications
            WHERE group_id = ? AND month >= ? AND month <= ?
            ORDER BY month, household_id, member_key, commitment
            """, [groupID, first.description, last.description])
    }

    static func verificationRecords(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [CommitmentVerification] {
        // Prepared once per connection: the planner reads a group's verifications with every plan.
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).compactMap { row in
            VerificationRow.record(
                month: row[0], householdID: row[1], memberName: row[2], commitment: row[3], status: row[4], note: row[5],
                recordedBy: row[6], recordedAtMilliseconds: row[7])
        }
    }
}
