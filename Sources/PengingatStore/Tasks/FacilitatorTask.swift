import PengingatCore

/// Work for a facilitator that no message can do: a home visit.
public struct FacilitatorTask: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case homeVisit = "kunjungan_rumah"
    }

    public let key: String
    public let kind: Kind
    public let facilitatorID: Facilitator.ID
    public let householdID: Household.ID
    public let due: CalendarDate
    /// Why, in Bahasa Indonesia, for the facilitator.
    public let reason: String

    public init(key: String, kind: Kind, facilitatorID: Facilitator.ID, householdID: Household.ID, due: CalendarDate,
                reason: String) {
        self.key = key
        self.kind = kind
        self.facilitatorID = facilitatorID
        self.householdID = householdID
        self.due = due
        self.reason = reason
    }
}

public protocol TaskStore: Sendable {
    /// Adds tasks whose key is new; returns how many were new.
    func commitTasks(_ tasks: [FacilitatorTask]) async throws -> Int
    /// Tasks due in a range, for one facilitator's scope.
    func tasks(dueFrom first: CalendarDate, through last: CalendarDate, in scope: AccessScope) async throws -> [FacilitatorTask]
    /// Takes back the tasks with these keys (a corrected recording no longer asks for them);
    /// returns how many there were.
    func withdrawTasks(keys: [String]) async throws -> Int
}
