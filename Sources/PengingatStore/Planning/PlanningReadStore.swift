import Foundation
import PengingatCore
import PengingatOutbox

/// What the planner reads of one group before it plans it.
public struct GroupPlanningRead: Sendable {
    /// The group's households, by id.
    public var households: [Household]
    /// Their members, by household, active first, then by name.
    public var members: [Member]
    /// The group's meeting changes, by meeting id.
    public var meetingChanges: [String: MeetingChange]
    /// The group's messages due in the window asked for, by due time: the planner looks among
    /// them for pending ones that speak of a meeting time that no longer holds.
    public var dueMessages: [OutboxMessage]
    /// The group's commitment verifications of the months asked for: a member's commitment
    /// verified as met ends the remaining reminders of its window (`CommitmentRules`).
    public var verifications: [CommitmentVerification]

    public init(
        households: [Household], members: [Member], meetingChanges: [String: MeetingChange], dueMessages: [OutboxMessage],
        verifications: [CommitmentVerification] = []
    ) {
        self.households = households
        self.members = members
        self.meetingChanges = meetingChanges
        self.dueMessages = dueMessages
        self.verifications = verifications
    }
}

/// The planner's read of a few groups, as one call: a store that can answer it in one read
/// (SQLite: one hop to a reader connection for the batch, instead of four per group; on this
/// kind of machine a hop between threads costs as much as reading a small group) does; any
/// other answers it from the separate reads, which is what the default does.
public protocol PlanningReadStore: Sendable {
    /// One read per group id, in the order given.
    func planningReads(
        ofGroups groupIDs: [Group.ID], in scope: AccessScope, messagesDueIn window: DateInterval,
        verifiedMonths: ClosedRange<CalendarMonth>
    ) async throws -> [GroupPlanningRead]
}

extension PlanningReadStore where Self: RosterStore & MeetingChangeStore & OutboxStore & VerificationStore {
    public func planningReads(
        ofGroups groupIDs: [Group.ID], in scope: AccessScope, messagesDueIn window: DateInterval,
        verifiedMonths: ClosedRange<CalendarMonth>
    ) async throws -> [GroupPlanningRead] {
        var reads: [GroupPlanningRead] = []
        for groupID in groupIDs {
            reads.append(GroupPlanningRead(
                households: try await households(in: scope, groupID: groupID),
                members: try await members(ofGroup: groupID, in: scope),
                meetingChanges: try await meetingChanges(groupID: groupID),
                dueMessages: try await outboxMessages(dueIn: window, groupID: groupID),
                verifications: try await verifications(
                    groupID: groupID, from: verifiedMonths.lowerBound, through: verifiedMonths.upperBound)))
        }
        return reads
    }
}
