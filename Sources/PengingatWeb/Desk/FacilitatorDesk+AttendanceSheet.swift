import PengingatCore
import PengingatStore

extension FacilitatorDesk {
    /// The attendance sheet of a meeting the account can see; another facilitator's is
    /// `notFound`, exactly like one that does not exist.
    public func attendanceSheet(meetingID: String, for account: Account) async throws -> AttendanceSheetView {
        try await attendanceSheet(meetingID: meetingID, in: account.scope)
    }

    /// The same for a scope of its own: the command line, which runs for the whole roster, asks
    /// with `.everything`.
    public func attendanceSheet(meetingID: String, in scope: AccessScope) async throws -> AttendanceSheetView {
        let (group, meeting) = try await visibleMeeting(meetingID, in: scope)
        // Nobody meets at a cancelled meeting: a sheet for it would only be signed by mistake.
        guard meeting.status != .cancelled else { throw DeskError(.meetingCancelled(meeting.id)) }
        // Only those still in the programme are expected; the store's order (by KPM id) is the sheet's.
        let households = try await store.households(in: scope, groupID: group.id).filter { $0.status == .active }
        let facilitator = try await store.facilitators().first { $0.id == group.facilitatorID }
        return AttendanceSheetView(meeting: meeting, group: group, facilitator: facilitator, households: households)
    }
}
