import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTemplates

/// Decides what each household should be told, when: meetings and obligations, through the
/// reminder policy, merged per phone and day, rendered in the household's language.
///
/// Works group by group, so memory stays bounded whatever the size of the roster, and the
/// same inputs always give the same message keys: committing a plan twice changes nothing.
public struct Planner: Sendable {
    public static let source = "planner"
    /// How many months back a verification can still end reminders: the longest window (an
    /// antenatal visit's) spans about three.
    static let verifiedMonthsBack = 3
    /// Groups read and planned together: a hop between threads costs about as much as reading
    /// a small group (batches of 4, 16 and 32 measured within the noise of 8).
    public static let batchSize = 8

    let store: any PengingatStore
    public let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let logger: Logger

    public init(store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, logger: Logger) {
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        self.logger = logger
    }

    /// The span a plan covers: from `now` for `days` days.
    public struct Horizon: Sendable {
        public let now: Date
        public let end: Date

        public init(now: Date, days: Int) {
            self.now = now
            self.end = now.addingTimeInterval(TimeInterval(max(1, days)) * 86_400)
        }

        public var interval: DateInterval { DateInterval(start: now, end: end) }
    }

    /// Plans every group in `scope` (or just `groupID`), handing each group's plan to `body`
    /// in group order. Groups are planned a batch at a time (`batchSize` groups share one read
    /// and one look-up of live items: a hop between threads costs about as much as reading a
    /// small group), up to `concurrency` batches at once (two per core by default: one batch's
    /// reads wait on the store while another is planned), so memory holds only those groups
    /// whatever the size of the roster.
    public func plan(
        _ horizon: Horizon, groupID: Group.ID? = nil, scope: AccessScope = .everything,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount * 2, batchSize: Int = Planner.batchSize,
        each body: (GroupPlan) async throws -> Void
    ) async throws {
        let groups = try await store.groups(in: scope).filter { groupID == nil || $0.id == groupID }
        let context = PlanningContext(
            posyandus: try await store.posyandus(), sharedPhones: try await store.sharedPhones(),
            unreachable: Set(try await store.unreachableHouseholds().keys),
            facilitators: Dictionary(uniqueKeysWithValues: try await store.facilitators().map { ($0.id, $0) }),
            messageKeys: try await store.messageKeySecret())
        let batches = groups.chunked(into: max(1, batchSize))
        try await withThrowingTaskGroup(of: (Int, [GroupPlan]).self) { tasks in
            var next = 0
            func start() {
                guard next < batches.count else { return }
                let (index, batch) = (next, batches[next])
                next += 1
                tasks.addTask { (index, try await self.plan(batch, horizon: horizon, context: context, scope: scope)) }
            }
            for _ in 0..<max(1, concurrency) { start() }
            var finished: [Int: [GroupPlan]] = [:]
            var delivered = 0
            while let (index, plans) = try await tasks.next() {
                finished[index] = plans
                while let ready = finished.removeValue(forKey: delivered) {
                    for groupPlan in ready { try await body(groupPlan) }
                    delivered += 1
                }
                start()
            }
        }
    }

    /// Plans and writes to the outbox, group by group, each group in one transaction.
    public func commit(
        _ horizon: Horizon, groupID: Group.ID? = nil, scope: AccessScope = .everything
    ) async throws -> (outbox: OutboxCommitSummary, tasksAdded: Int) {
        var total = OutboxCommitSummary()
        var tasksAdded = 0
        try await plan(horizon, groupID: groupID, scope: scope) { groupPlan in
            let (summary, tasks) = try await commit(groupPlan, horizon: horizon)
            total.add(summary)
            tasksAdded += tasks
        }
        logger.info("plan committed", metadata: [
            "plan.inserted": "\(total.inserted)", "plan.updated": "\(total.updated)",
            "plan.unchanged": "\(total.unchanged)", "plan.withdrawn": "\(total.withdrawn)",
            "plan.tasks_added": "\(tasksAdded)",
        ])
        return (total, tasksAdded)
    }

    /// Writes one group's plan (made for `horizon`) to the outbox in one transaction.
    public func commit(_ groupPlan: GroupPlan, horizon: Horizon) async throws -> (outbox: OutboxCommitSummary, tasksAdded: Int) {
        let summary = try await store.commit(
            groupPlan.messages.map { $0.outboxMessage(source: Self.source) }, source: Self.source,
            groupID: groupPlan.group.id, window: horizon.interval, stale: groupPlan.staleMessageKeys, at: horizon.now)
        return (summary, try await store.commitTasks(groupPlan.tasks))
    }

    struct PlanningContext: Sendable {
        let posyandus: PosyanduDirectory
        let sharedPhones: Set<PhoneNumber>
        let unreachable: Set<Household.ID>
        let facilitators: [Facilitator.ID: Facilitator]
        /// Names the planned messages (`PlanMessageKey`).
        let messageKeys: MessageKeySecret

        init(posyandus: [Posyandu], sharedPhones: Set<PhoneNumber>, unreachable: Set<Household.ID> = [],
             facilitators: [Facilitator.ID: Facilitator], messageKeys: MessageKeySecret) {
            self.messageKeys = messageKeys
            self.posyandus = PosyanduDirectory(posyandus)
            self.sharedPhones = sharedPhones
            self.unreachable = unreachable
            self.facilitators = facilitators
        }
    }

    /// What the planner reads of a batch of groups before planning them, in one call: their
    /// households, members, meeting changes, the messages due in the last 14 days and the
    /// verifications that can still end reminders.
    public func read(_ groups: [Group], horizon: Horizon, scope: AccessScope = .everything) async throws -> [GroupPlanningRead] {
        // A batch's groups may be in different zones, so at the turn of a month in different
        // months: the read takes a month more on either side, and each group keeps its own.
        let thisMonth = CalendarMonth(LocalDateTime(horizon.now, in: .wib).date)
        return try await store.planningReads(
            ofGroups: groups.map(\.id), in: scope,
            messagesDueIn: DateInterval(start: horizon.now.addingTimeInterval(-14 * 86_400), end: horizon.now),
            verifiedMonths: thisMonth.adding(months: -Self.verifiedMonthsBack - 1)...thisMonth.adding(months: 1))
    }

    /// Plans a batch of groups: one read for all of them, then each group's items, then one
    /// look-up of which items other messages already hold, then each group's messages.
    func plan(_ groups: [Group], horizon: Horizon, context: PlanningContext, scope: AccessScope) async throws -> [GroupPlan] {
        let reads = try await read(groups, horizon: horizon, scope: scope)
        var builders: [(builder: GroupPlanBuilder, meetings: [Meeting], read: GroupPlanningRead)] = []
        builders.reserveCapacity(groups.count)
        var itemKeys: [String] = []
        for (group, read) in zip(groups, reads) {
            let (builder, meetings) = try await builder(for: group, read: read, horizon: horizon, context: context)
            itemKeys += builder.itemKeys
            builders.append((builder, meetings, read))
        }
        let live = try await store.liveItems(among: itemKeys)
        return builders.map { entry in
            let group = entry.builder.group
            let overdue = entry.read.dueMessages.filter { $0.source == Self.source && $0.state == .queued }
            let groupPlan = entry.builder.finish(liveElsewhere: live, stale: staleKeys(overdue, meetings: entry.meetings, group: group))
            for failure in groupPlan.renderFailures {
                logger.error("planned item did not render", metadata: ["plan.group": "\(group.id)", "plan.error": "\(failure)"])
            }
            return groupPlan
        }
    }

    /// One group's items, from what was read of it.
    func builder(
        for group: Group, read: GroupPlanningRead, horizon: Horizon, context: PlanningContext
    ) async throws -> (GroupPlanBuilder, [Meeting]) {
        let now = LocalDateTime(horizon.now, in: group.zone)
        let thisMonth = CalendarMonth(now.date)
        let households = read.households
        // A household's members come together (the store's order): one look-up per household, not per member.
        var members: [Household.ID: [Member]] = [:]
        var run = read.members.startIndex
        while run < read.members.endIndex {
            let householdID = read.members[run].householdID
            var end = run + 1
            while end < read.members.endIndex, read.members[end].householdID == householdID { end += 1 }
            members[householdID, default: []].append(contentsOf: read.members[run..<end])
            run = end
        }
        let changes = read.meetingChanges
        let end = LocalDateTime(horizon.end, in: group.zone)
        let lookahead = rules.policy.longestLeadDays + 1
        let meetings = rules.meetingCalendar.meetings(
            of: group, from: now.date.adding(days: -1), through: end.date.adding(days: lookahead), changes: changes)
        // The months a verification can still end reminders in (one not yet come cannot have
        // been recorded).
        let verifiedMonths = thisMonth.adding(months: -Self.verifiedMonthsBack)...thisMonth
        let verifications = read.verifications.filter { verifiedMonths.contains($0.month) }

        let builder = GroupPlanBuilder(
            group: group, now: now, end: end, rules: rules, catalogue: catalogue, context: context,
            households: households, members: members, meetings: meetings, changes: changes, verifications: verifications)
        for household in households where household.status == .active && household.consent == .granted {
            builder.addMeetingReminders(for: household)
            builder.addObligations(for: household, through: end.date.adding(days: lookahead))
        }
        for meeting in meetings where meeting.status != .scheduled {
            builder.addChangeNotices(for: meeting, told: try await store.householdsTold(about: meeting.id))
        }
        return (builder, meetings)
    }
}

extension Planner {
    /// Overdue pending messages that speak of a meeting at a time it no longer has (moved or
    /// cancelled): sending them late would tell a household the wrong day.
    func staleKeys(_ overdue: [OutboxMessage], meetings: [Meeting], group: Group) -> Set<String> {
        let byID = Dictionary(meetings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var stale = Set<String>()
        for message in overdue {
            for item in message.items {
                guard let meeting = byID[item.eventKey] else { continue }
                if meeting.status == .cancelled || meeting.start.instant(in: group.zone) != item.eventAt {
                    stale.insert(message.key)
                }
            }
        }
        return stale
    }
}

extension ReminderPolicy {
    /// The most days any offset reaches before its event: how far past the horizon to look for events.
    var longestLeadDays: Int {
        offsets.values.flatMap { $0 }.map { offset in
            switch offset.anchor {
            case .daysBefore(let days, _): days
            case .hoursBefore(let hours): (hours + 23) / 24
            case .windowOpening: 0
            }
        }.max() ?? 0
    }
}
