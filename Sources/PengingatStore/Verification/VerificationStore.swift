import Foundation
import PengingatCore

/// The monthly verification of each member's commitments. Recording a group's month again
/// corrects it: one row per member, commitment and month, the latest recording wins, and an
/// unchanged row keeps who recorded it first, and when (`VerificationCorrection`).
public protocol VerificationStore: Sendable {
    /// Records these rows of one group's month, over the earlier ones of the same subjects;
    /// subjects not named keep their rows. Returns how many rows were new or changed.
    func recordVerifications(_ records: [CommitmentVerification], month: CalendarMonth, groupID: Group.ID) async throws -> Int

    /// A group's verifications from `first` through `last` (months), by month, household, member, commitment.
    func verifications(groupID: Group.ID, from first: CalendarMonth, through last: CalendarMonth) async throws
        -> [CommitmentVerification]
}

extension VerificationStore {
    public func verifications(groupID: Group.ID, month: CalendarMonth) async throws -> [CommitmentVerification] {
        try await verifications(groupID: groupID, from: month, through: month)
    }
}

/// A month recorded again over its earlier recording: a row whose status and note did not
/// change keeps who recorded it first, and when; a new or changed row takes the new recorder.
struct VerificationCorrection {
    let records: [CommitmentVerification]
    let changed: Int

    init(recording given: [CommitmentVerification], over earlier: [CommitmentVerification]) {
        let old = Dictionary(earlier.map { ($0.subject, $0) }, uniquingKeysWith: { first, _ in first })
        var latest: [CommitmentSubject: CommitmentVerification] = [:]
        for record in given { latest[record.subject] = record }
        var changed = 0
        records = latest.values.sorted { $0.subject < $1.subject }.map { record in
            if let previous = old[record.subject], previous.status == record.status, previous.note == record.note {
                return previous
            }
            changed += 1
            return record
        }
        self.changed = changed
    }
}
