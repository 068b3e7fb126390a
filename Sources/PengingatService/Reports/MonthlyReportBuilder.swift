import Foundation
import PengingatCore
import PengingatStore

/// Reads one month for a scope and makes its `MonthlyReport`. The reads are scoped in the
/// store; what is made of them (meeting status, rates, follow-ups, tallies, cost) is worked
/// out by the pure `section(…)`, which the tests also check.
public struct MonthlyReportBuilder: Sendable {
    let store: any PengingatStore
    let rules: PlanningRules
    let prices: MessagePrices

    public init(store: any PengingatStore, rules: PlanningRules, prices: MessagePrices) {
        self.store = store
        self.rules = rules
        self.prices = prices
    }

    public struct Request: Sendable {
        public var month: CalendarMonth
        public var scope: AccessScope
        /// One facilitator's groups, within the scope.
        public var facilitatorID: Facilitator.ID?
        /// One group, within the scope.
        public var groupID: Group.ID?
        /// The clock: which meetings have taken place.
        public var now: Date

        public init(month: CalendarMonth, scope: AccessScope, facilitatorID: Facilitator.ID? = nil, groupID: Group.ID? = nil,
                    now: Date) {
            self.month = month
            self.scope = scope
            self.facilitatorID = facilitatorID
            self.groupID = groupID
            self.now = now
        }
    }

    /// The month's report. A group or facilitator named but not visible in the scope is
    /// `ReportError` (unknown), exactly like one that does not exist.
    public func build(_ request: Request) async throws -> MonthlyReport {
        let month = request.month
        var groups = try await store.groups(in: request.scope)
        if let facilitatorID = request.facilitatorID {
            groups = groups.filter { $0.facilitatorID == facilitatorID }
            let known = try await store.facilitators().contains { $0.id == facilitatorID }
            // Another facilitator's id reads as one that does not exist.
            if case .facilitator(let own) = request.scope, own != facilitatorID { throw ReportError(.unknownFacilitator(facilitatorID)) }
            guard known else { throw ReportError(.unknownFacilitator(facilitatorID)) }
        }
        if let groupID = request.groupID {
            groups = groups.filter { $0.id == groupID }
            guard !groups.isEmpty else { throw ReportError(.unknownGroup(groupID)) }
        }
        let facilitators = Dictionary(try await store.facilitators().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = try await store.meetingChanges(in: request.scope)
        let posyandus = PosyanduDirectory(try await store.posyandus())

        // Per group: the meeting, its attendance, the roster and what the month expects verified.
        var reads: [GroupRead] = []
        for group in groups {
            let meeting = rules.meetingCalendar.meeting(of: group, year: month.year, month: month.month, changes: changes)
            var attendance: [AttendanceRecord] = []
            if let meeting { attendance = try await store.attendance(meetingID: meeting.id) }
            let households = try await store.households(in: request.scope, groupID: group.id)
            let members = Dictionary(grouping: try await store.members(ofGroup: group.id, in: request.scope), by: \.householdID)
            let expected = VerificationService.subjects(
                ofGroup: group, households: households, members: members, posyandus: posyandus, month: month, rules: rules)
            reads.append(GroupRead(group: group, meeting: meeting, attendance: attendance, households: households,
                                   expected: expected, verifications: try await store.verifications(groupID: group.id, month: month)))
        }

        // What followed the misses, in two reads for every group.
        let followed = reads.flatMap { read in
            read.attendance.filter { $0.status != .present }.map { ($0.meetingID, $0.householdID) }
        }
        let motivation = try await store.outboxStates(
            keys: followed.map { AttendanceService.motivationKey($0.1, meeting: $0.0) }, in: request.scope)
        // A home visit is due a week after its meeting, which a move may carry a few weeks out of its month.
        let visits = try await store.tasks(dueFrom: month.first.adding(days: -31), through: month.last.adding(days: 45), in: request.scope)
        let visitDue = Dictionary(visits.map { ($0.key, $0.due) }, uniquingKeysWith: { first, _ in first })

        // Messages by due time in each group's own month: one count per zone.
        var messages: [Group.ID: MessageCounts] = [:]
        for (zone, ofZone) in Dictionary(grouping: groups, by: \.zone.abbreviation) {
            let window = DateInterval(
                start: LocalDateTime(date: month.first, time: .midnight).instant(in: IndonesianTimeZone(abbreviation: zone)),
                end: LocalDateTime(date: month.adding(months: 1).first, time: .midnight).instant(in: IndonesianTimeZone(abbreviation: zone)))
            messages.merge(try await store.messageCounts(MessageCountRequest(scope: request.scope, groupIDs: ofZone.map(\.id), window: window)),
                           uniquingKeysWith: { first, _ in first })
        }

        let sections = reads.map { read in
            Self.section(read, now: request.now, motivation: motivation, visitDue: visitDue,
                         messages: messages[read.group.id] ?? MessageCounts(), prices: prices)
        }
        let byFacilitator = Dictionary(grouping: zip(groups, sections), by: { $0.0.facilitatorID })
        let parts = byFacilitator.keys.sorted().map { id in
            MonthlyReport.FacilitatorSection(
                id: id, name: facilitators[id]?.name ?? id, groups: (byFacilitator[id] ?? []).map(\.1).sorted { $0.id < $1.id })
        }
        return MonthlyReport(month: month, madeAt: request.now, prices: prices, facilitators: parts)
    }

    /// What the store gave for one group.
    public struct GroupRead: Sendable {
        public let group: Group
        public let meeting: Meeting?
        public let attendance: [AttendanceRecord]
        public let households: [Household]
        public let expected: Set<CommitmentSubject>
        public let verifications: [CommitmentVerification]

        public init(group: Group, meeting: Meeting?, attendance: [AttendanceRecord], households: [Household],
                    expected: Set<CommitmentSubject>, verifications: [CommitmentVerification]) {
            self.group = group
            self.meeting = meeting
            self.attendance = attendance
            self.households = households
            self.expected = expected
            self.verifications = verifications
        }
    }

    /// One group's section from what was read: no I/O.
    public static func section(
        _ read: GroupRead, now: Date, motivation: [String: OutboxState], visitDue: [String: CalendarDate],
        messages: MessageCounts, prices: MessagePrices
    ) -> MonthlyReport.GroupSection {
        let group = read.group
        let names = Dictionary(read.households.map { ($0.id, $0.caregiverName) }, uniquingKeysWith: { first, _ in first })
        let meeting = read.meeting.map { meeting in
            let status: MonthlyReport.MeetingStatus = meeting.status == .cancelled ? .cancelled
                : (meeting.start.instant(in: group.zone) <= now || !read.attendance.isEmpty) ? .held : .upcoming
            return MonthlyReport.MeetingLine(
                id: meeting.id, status: status, start: meeting.start, place: meeting.place, moved: meeting.status == .moved,
                module: meeting.session?.module, sessionNumber: meeting.session?.number, sessionTitle: meeting.session?.title)
        }
        var attendance: MonthlyReport.AttendanceCount?
        if !read.attendance.isEmpty {
            var count = MonthlyReport.AttendanceCount()
            for record in read.attendance { count.add(record.status) }
            attendance = count
        }
        let followUps = read.attendance.filter { $0.status != .present }.sorted { $0.householdID < $1.householdID }.map { record in
            MonthlyReport.FollowUp(
                householdID: record.householdID, name: names[record.householdID] ?? record.householdID, status: record.status,
                reason: record.reason.flatMap { $0.isEmpty ? nil : $0 },
                motivation: motivation[AttendanceService.motivationKey(record.householdID, meeting: record.meetingID)]
                    .map(MonthlyReport.MotivationState.init),
                homeVisitDue: visitDue[AttendanceService.visitKey(record.householdID, meeting: record.meetingID)])
        }
        return MonthlyReport.GroupSection(
            id: group.id, name: group.name, kelurahan: group.kelurahan, zone: group.zone,
            activeHouseholds: read.households.filter { $0.status == .active }.count, meeting: meeting, attendance: attendance,
            followUps: followUps, verification: VerificationTally(records: read.verifications, expected: read.expected),
            messages: MessageTally(byState: messages.byState), smsSegments: messages.smsSegmentsAccepted,
            whatsAppMessages: messages.whatsAppAccepted,
            cost: prices.cost(smsSegments: messages.smsSegmentsAccepted, whatsAppMessages: messages.whatsAppAccepted))
    }
}
