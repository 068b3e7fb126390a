import PengingatCore

/// Where the roster lives: facilitators, groups, households, members and posyandu.
///
/// Every implementation (in memory, SQLite, PostgreSQL) keeps the same promises, checked by
/// one contract test suite: `apply` is atomic and idempotent, a household is never deleted,
/// and reads honour the `AccessScope` in the query itself.
public protocol RosterStore: Sendable {
    /// The ids already stored, for checking the references of an import before it is applied.
    func directory() async throws -> RosterDirectory

    /// Applies one import in one transaction: all of it or none of it.
    func apply(_ update: RosterUpdate) async throws -> RosterChangeSummary

    /// Applies one import that arrives in parts (households while members are still being
    /// checked), in one transaction, as `apply` would apply the parts merged. Each record is in
    /// one part only; `householdsWithCompleteMembers` and `householdsToDeactivate` take effect
    /// once the parts end. When `parts` throws, nothing is stored and `apply` throws that error.
    /// Whoever produces the parts must not wait on this store until they end: the transaction
    /// holds the writer (and, on an in-memory SQLite store, the one queue reads use too).
    func apply(parts: AsyncThrowingStream<RosterUpdate, any Error>) async throws -> RosterChangeSummary

    func facilitators() async throws -> [Facilitator]
    func groups(in scope: AccessScope) async throws -> [Group]
    /// One group, when `scope` sees it: read by its key, not found among all of them.
    func group(id: Group.ID, in scope: AccessScope) async throws -> Group?
    /// Households ordered by id; `groupID` narrows to one group.
    func households(in scope: AccessScope, groupID: Group.ID?) async throws -> [Household]
    func household(id: Household.ID, in scope: AccessScope) async throws -> Household?
    /// The caregiver's name of each of these households that exists: a page names the few it
    /// shows without reading the roster.
    func householdNames(ids: Set<Household.ID>) async throws -> [Household.ID: String]
    /// One page of the households `scope` sees that match `filter`: by id, the first `limit`
    /// after `after` (keyset pagination: a page costs the same wherever it is in the list).
    func households(in scope: AccessScope, matching filter: HouseholdFilter, after: Household.ID?, limit: Int) async throws
        -> [Household]
    /// The number of active households of each group `scope` sees.
    func activeHouseholdCounts(in scope: AccessScope) async throws -> [Group.ID: Int]
    /// Active and former members of one household, active first, then by name.
    func members(ofHousehold id: Household.ID, in scope: AccessScope) async throws -> [Member]
    /// Every member of one group's households, by household, active first, then by name.
    func members(ofGroup groupID: Group.ID, in scope: AccessScope) async throws -> [Member]
    /// Phone numbers listed as `no_hp` by more than one active household.
    func sharedPhones() async throws -> Set<PhoneNumber>
    func posyandus() async throws -> [Posyandu]

    /// Records a household's own choice to receive messages or not (from its replies).
    /// Returns false when no such household is stored.
    func recordConsent(_ consent: Household.Consent, householdID: Household.ID) async throws -> Bool
}

extension RosterStore {
    /// Waits for every part and applies them merged: for a store that gains nothing from
    /// starting early (PostgreSQL writes each table's rows in one statement anyway).
    public func apply(parts: AsyncThrowingStream<RosterUpdate, any Error>) async throws -> RosterChangeSummary {
        var merged = RosterUpdate()
        for try await part in parts { merged.add(part) }
        // A stream also ends when this task is cancelled: that must not store half an import.
        try Task.checkCancellation()
        return try await apply(merged)
    }
}

/// Everything Pengingat keeps, as one store: what the service and the planner are given.
public typealias PengingatStore = RosterStore & OutboxStore & DispatchStore & MeetingChangeStore & TaskStore & AttendanceStore
    & BroadcastStore & ReachabilityStore & ReplyStore & AccountStore & SessionStore & RetentionStore & PlanningReadStore
    & DashboardStore & TrendStore & VerificationStore & ReportStore

/// The ids a store holds and how they hang together.
public struct RosterDirectory: Sendable, Equatable {
    public var facilitatorIDs: Set<Facilitator.ID>
    public var groupFacilitator: [Group.ID: Facilitator.ID]
    public var householdGroup: [Household.ID: Group.ID]
    public var activeHouseholdIDs: Set<Household.ID>

    public init(
        facilitatorIDs: Set<Facilitator.ID> = [], groupFacilitator: [Group.ID: Facilitator.ID] = [:],
        householdGroup: [Household.ID: Group.ID] = [:], activeHouseholdIDs: Set<Household.ID> = []
    ) {
        self.facilitatorIDs = facilitatorIDs
        self.groupFacilitator = groupFacilitator
        self.householdGroup = householdGroup
        self.activeHouseholdIDs = activeHouseholdIDs
    }
}

/// One import's worth of changes, already validated.
public struct RosterUpdate: Sendable {
    public var facilitators: [Facilitator]
    public var posyandus: [Posyandu]
    public var groups: [Group]
    /// Households to insert or update. Their consent is never taken from here: a stored
    /// household keeps the consent it has.
    public var households: [Household]
    public var members: [Member]
    /// Households whose member list in this import is complete: their stored members that are
    /// not in `members` become inactive. Households with a rejected member row are left out,
    /// so a typo in one row never retires a member.
    public var householdsWithCompleteMembers: Set<Household.ID>
    /// Households to mark `nonaktif` because a full import no longer lists them.
    public var householdsToDeactivate: Set<Household.ID>

    public init(
        facilitators: [Facilitator] = [], posyandus: [Posyandu] = [], groups: [Group] = [],
        households: [Household] = [], members: [Member] = [],
        householdsWithCompleteMembers: Set<Household.ID> = [], householdsToDeactivate: Set<Household.ID> = []
    ) {
        self.facilitators = facilitators
        self.posyandus = posyandus
        self.groups = groups
        self.households = households
        self.members = members
        self.householdsWithCompleteMembers = householdsWithCompleteMembers
        self.householdsToDeactivate = householdsToDeactivate
    }

    /// Appends a later part of the same import.
    public mutating func add(_ part: RosterUpdate) {
        facilitators += part.facilitators
        posyandus += part.posyandus
        groups += part.groups
        households += part.households
        members += part.members
        householdsWithCompleteMembers.formUnion(part.householdsWithCompleteMembers)
        householdsToDeactivate.formUnion(part.householdsToDeactivate)
    }

    public var isEmpty: Bool {
        facilitators.isEmpty && posyandus.isEmpty && groups.isEmpty && households.isEmpty && members.isEmpty
            && householdsToDeactivate.isEmpty
    }
}

/// What an `apply` changed, per kind of record.
public struct RosterChangeSummary: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        /// Households made `nonaktif`, members made inactive.
        public var retired = 0

        public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, retired: Int = 0) {
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
            self.retired = retired
        }

        public var written: Int { inserted + updated + retired }
    }

    public var facilitators = Counts()
    public var posyandus = Counts()
    public var groups = Counts()
    public var households = Counts()
    public var members = Counts()

    public init() {}

    public var written: Int {
        facilitators.written + posyandus.written + groups.written + households.written + members.written
    }
}
