import Foundation
import PengingatAPI
import PengingatCore
import PengingatService

// `GET` and `PUT /api/v1/groups/{id}/verifications/{month}` from the same views the
// verification page shows: codes, names as the roster writes them, counts and instants only.

extension APISchemas.VerificationSheet {
    init(_ view: VerificationView) {
        self.init(
            groupId: view.groupID, month: view.month,
            // The spec's enums are the core's raw values; were the two ever to part, a line is
            // left out rather than sent under another commitment.
            lines: view.lines.compactMap { line in
                APISchemas.Commitment(rawValue: line.commitment.rawValue).map { commitment in
                    APISchemas.VerificationLine(
                        householdId: line.householdID, memberName: line.memberName, commitment: commitment,
                        status: line.status.flatMap { APISchemas.VerificationStatus(rawValue: $0.rawValue) },
                        note: line.note.isEmpty ? nil : line.note, recordedBy: line.recordedBy, recordedAt: line.recordedAt,
                        unexpected: line.isUnexpected)
                }
            },
            total: view.total, recorded: view.recorded, met: view.metCount, notMet: view.notMetCount, excused: view.excusedCount)
    }
}

extension APISchemas.VerificationResult {
    init(_ view: VerificationResultView) {
        self.init(met: view.met, notMet: view.notMet, excused: view.excused, followUps: view.followUps,
                  homeVisits: view.homeVisits, remindersWithdrawn: view.remindersWithdrawn)
    }
}
