import PengingatCore

/// One-off changes to meetings: moves and cancellations, by meeting id.
public protocol MeetingChangeStore: Sendable {
    /// Changes of one group (or every group), by meeting id.
    func meetingChanges(groupID: Group.ID?) async throws -> [String: MeetingChange]
    /// Changes of the groups `scope` sees, by meeting id: one read for a page of many groups.
    func meetingChanges(in scope: AccessScope) async throws -> [String: MeetingChange]
    /// Records a change; a later change to the same meeting replaces it.
    func recordMeetingChange(_ change: MeetingChange) async throws
}
