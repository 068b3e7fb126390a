import Foundation
import PengingatCore

/// v16: the monthly verification of commitments, one row per month, member and commitment.
/// Both stores run these statements (only the text type differs: PostgreSQL orders text byte
/// by byte with `COLLATE "C"`, as SQLite does), so the schema is written once.
enum VerificationSchema {
    static func statements(text: String) -> [String] {
        [
            """
            CREATE TABLE commitment_verifications (month \(text) NOT NULL, group_id \(text) NOT NULL,
                household_id \(text) NOT NULL, member_key \(text) NOT NULL, member_name \(text) NOT NULL,
                commitment \(text) NOT NULL, status \(text) NOT NULL, note \(text), recorded_by \(text) NOT NULL,
                recorded_at_ms BIGINT NOT NULL, PRIMARY KEY (month, household_id, member_key, commitment))
            """,
            "CREATE INDEX commitment_verifications_on_group ON commitment_verifications (group_id, month)",
        ]
    }

    /// One row written over the stored one of its subject; both stores run it, with their own placeholders.
    static func upsert(_ placeholders: [String]) -> String {
        """
        INSERT INTO commitment_verifications (month, group_id, household_id, member_key, member_name, commitment, status,
            note, recorded_by, recorded_at_ms)
        VALUES (\(placeholders.joined(separator: ", ")))
        ON CONFLICT (month, household_id, member_key, commitment) DO UPDATE SET group_id = excluded.group_id,
            member_name = excluded.member_name, status = excluded.status, note = excluded.note,
            recorded_by = excluded.recorded_by, recorded_at_ms = excluded.recorded_at_ms
        """
    }

    /// The columns `VerificationRow` reads, in its order.
    static let columns = "month, household_id, member_name, commitment, status, note, recorded_by, recorded_at_ms"
}

/// A stored row read back; a row this version cannot read (an unknown month, commitment or
/// status) is left out by both stores alike.
struct VerificationRow {
    static func record(
        month: String, householdID: String, memberName: String, commitment: String, status: String, note: String?,
        recordedBy: String, recordedAtMilliseconds: Int64
    ) -> CommitmentVerification? {
        guard let month = CalendarMonth(parsing: month), let commitment = Commitment(rawValue: commitment),
              let status = VerificationStatus(rawValue: status)
        else { return nil }
        return CommitmentVerification(
            month: month, householdID: householdID, memberName: memberName, commitment: commitment, status: status, note: note,
            recordedBy: recordedBy, recordedAt: Date(timeIntervalSince1970: TimeInterval(recordedAtMilliseconds) / 1000))
    }
}
