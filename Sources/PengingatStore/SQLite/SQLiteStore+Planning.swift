import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: PlanningReadStore {
    /// One read for the batch, so one hop to a reader connection and one snapshot.
    public func planningReads(
        ofGroups groupIDs: [Group.ID], in scope: AccessScope, messagesDueIn window: DateInterval,
        verifiedMonths: ClosedRange<CalendarMonth>
    ) async throws -> [GroupPlanningRead] {
        try await read { db in
            try groupIDs.map { groupID in
                GroupPlanningRead(
                    households: try Self.households(db, ofGroup: groupID, in: scope),
                    members: try Self.members(db, ofGroup: groupID, in: scope),
                    meetingChanges: try Self.meetingChanges(db, groupID: groupID),
                    dueMessages: try Self.outboxMessages(db, dueIn: window, groupID: groupID),
                    verifications: try Self.verifications(
                        db, groupID: groupID, from: verifiedMonths.lowerBound, through: verifiedMonths.upperBound))
            }
        }
    }
}
