import Foundation
import PengingatCore

/// Everything in memory, for tests and for trying things out: same contracts as the SQLite store.
public actor MemoryStore: PengingatStore {
    private var facilitatorsByID: [Facilitator.ID: Facilitator] = [:]
    private var posyandusByID: [Posyandu.ID: Posyandu] = [:]
    var groupsByID: [Group.ID: Group] = [:]
    var householdsByID: [Household.ID: Household] = [:]
    private var membersByKey: [MemberKey: Member] = [:]
    var outbox: [String: OutboxMessage] = [:]
    var meetingChangesByID: [String: MeetingChange] = [:]
    var tasksByKey: [String: FacilitatorTask] = [:]
    var leases: [String: (owner: String, until: Date)] = [:]
    var nextAttemptAt: [String: Date] = [:]
    var sentAt: [String: Date] = [:]
    var deliveryLogEntries: [DeliveryLogEntry] = []
    var retentionHorizon = Date(timeIntervalSince1970: 0)
    var attendanceByMeeting: [String: (groupID: Group.ID, records: [AttendanceRecord])] = [:]
    var broadcastsByID: [String: Broadcast] = [:]
    var unreachableByHousehold: [Household.ID: HouseholdReachability] = [:]
    var replyList: [Reply] = []
    var accountsByID: [Account.ID: Account] = [:]
    var tokensByHash: [String: APIToken] = [:]
    var auditEntries: [AuditEntry] = []

    private struct MemberKey: Hashable {
        let householdID: Household.ID
        let nameKey: String
    }

    public init() {}

    public func directory() -> RosterDirectory {
        RosterDirectory(
            facilitatorIDs: Set(facilitatorsByID.keys),
            groupFacilitator: groupsByID.mapValues(\.facilitatorID),
            householdGroup: householdsByID.mapValues(\.groupID),
            activeHouseholdIDs: Set(householdsByID.values.filter { $0.status == .active }.map(\.id))
        )
    }

    public func apply(_ update: RosterUpdate) -> RosterChangeSummary {
        var summary = RosterChangeSummary()
        for facilitator in update.facilitators
        where summary.facilitators.count(new: facilitator, old: facilitatorsByID[facilitator.id]) {
            facilitatorsByID[facilitator.id] = facilitator
        }
        for posyandu in update.posyandus where summary.posyandus.count(new: posyandu, old: posyandusByID[posyandu.id]) {
            posyandusByID[posyandu.id] = posyandu
        }
        for group in update.groups where summary.groups.count(new: group, old: groupsByID[group.id]) {
            groupsByID[group.id] = group
        }
        for var household in update.households {
            let old = householdsByID[household.id]
            household.consent = old?.consent ?? .granted
            if summary.households.count(new: household, old: old) { householdsByID[household.id] = household }
        }
        for id in update.householdsToDeactivate.sorted() {
            guard var household = householdsByID[id], household.status == .active else { continue }
            household.status = .inactive
            householdsByID[id] = household
            summary.households.retired += 1
        }

        var listed = Set<MemberKey>()
        for member in update.members {
            let key = MemberKey(householdID: member.householdID, nameKey: member.key)
            listed.insert(key)
            if summary.members.count(new: member, old: membersByKey[key]) { membersByKey[key] = member }
        }
        for (key, var member) in membersByKey
        where member.isActive && update.householdsWithCompleteMembers.contains(key.householdID) && !listed.contains(key) {
            member.isActive = false
            membersByKey[key] = member
            summary.members.retired += 1
        }
        return summary
    }

    public func facilitators() -> [Facilitator] {
        facilitatorsByID.values.sorted { $0.id < $1.id }
    }

    public func groups(in scope: AccessScope) -> [Group] {
        groupsByID.values.filter { visible($0, in: scope) }.sorted { $0.id < $1.id }
    }

    public func households(in scope: AccessScope, groupID: Group.ID?) -> [Household] {
        householdsByID.values
            .filter { visible($0, in: scope) && (groupID == nil || $0.groupID == groupID) }
            .sorted { $0.id < $1.id }
    }

    public func household(id: Household.ID, in scope: AccessScope) -> Household? {
        householdsByID[id].flatMap { visible($0, in: scope) ? $0 : nil }
    }

    public func members(ofHousehold id: Household.ID, in scope: AccessScope) -> [Member] {
        guard household(id: id, in: scope) != nil else { return [] }
        return membersByKey.values
            .filter { $0.householdID == id }
            .sorted { ($0.isActive ? 0 : 1, $0.key) < ($1.isActive ? 0 : 1, $1.key) }
    }

    public func members(ofGroup groupID: Group.ID, in scope: AccessScope) -> [Member] {
        let households = Set(households(in: scope, groupID: groupID).map(\.id))
        return membersByKey.values.filter { households.contains($0.householdID) }
            .sorted { ($0.householdID, $0.isActive ? 0 : 1, $0.key) < ($1.householdID, $1.isActive ? 0 : 1, $1.key) }
    }

    public func sharedPhones() -> Set<PhoneNumber> {
        let active = householdsByID.values.filter { $0.status == .active }
        let counts = Dictionary(grouping: active.compactMap(\.phone), by: { $0 }).mapValues(\.count)
        return Set(counts.filter { $0.value > 1 }.keys)
    }

    public func posyandus() -> [Posyandu] {
        posyandusByID.values.sorted { $0.id < $1.id }
    }

    public func recordConsent(_ consent: Household.Consent, householdID: Household.ID) -> Bool {
        guard householdsByID[householdID] != nil else { return false }
        householdsByID[householdID]?.consent = consent
        return true
    }

    func visible(_ group: Group, in scope: AccessScope) -> Bool {
        switch scope {
        case .everything: true
        case .facilitator(let id): group.facilitatorID == id
        }
    }

    func visible(_ household: Household, in scope: AccessScope) -> Bool {
        guard let group = groupsByID[household.groupID] else { return scope == .everything }
        return visible(group, in: scope)
    }
}
