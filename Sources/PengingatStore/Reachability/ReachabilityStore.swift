import Foundation
import PengingatCore

/// Evidence about phones, and the households judged unreachable on theirs.
public protocol ReachabilityStore: Sendable {
    /// How messages to each phone ended since `since`: delivered (reached), failed, or
    /// unconfirmed; by the time each was sent (or, never sent, was due).
    func phoneOutcomes(since: Date) async throws -> [PhoneNumber: [PhoneOutcome]]

    /// The households currently judged unreachable on their phone that `scope` sees, or only
    /// `householdID` when given: a facilitator's page reads their own, not the province's.
    func unreachableHouseholds(in scope: AccessScope, householdID: Household.ID?) async throws
        -> [Household.ID: HouseholdReachability]

    /// Keeps new judgements of unreachable households and forgets the ones reachable again, in
    /// one transaction.
    func recordReachability(unreachable: [HouseholdReachability], reachableAgain: Set<Household.ID>) async throws
}

extension ReachabilityStore {
    /// Every household currently judged unreachable: for the planner and the services that
    /// work on the whole roster.
    public func unreachableHouseholds() async throws -> [Household.ID: HouseholdReachability] {
        try await unreachableHouseholds(in: .everything, householdID: nil)
    }
}
