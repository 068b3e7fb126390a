import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTemplates

/// The monthly verification of commitments (verifikasi komitmen): who is to be verified in a
/// group's month, and recording what the facilitator found. A commitment met ends the rest of
/// its window's reminders (the group is planned again at once); one not met gets one gentle
/// follow-up message per household, and the second month in a row a home-visit task, as a
/// third P2K2 absence does.
public struct VerificationService: Sendable {
    /// Each month's follow-ups are a source of their own, so recording one month again withdraws
    /// only that month's follow-ups that no longer hold.
    public static func source(_ month: CalendarMonth) -> String { "verifikasi/\(month)" }

    let store: any PengingatStore
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let planner: Planner
    let planDays: Int
    let logger: Logger

    public init(
        store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, planDays: Int = 30, logger: Logger
    ) {
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        self.planner = Planner(store: store, rules: rules, catalogue: catalogue, logger: logger)
        self.planDays = planDays
        self.logger = logger
    }

    /// One member's commitment in the month, and what is recorded for it so far.
    public struct Line: Sendable {
        public let household: Household
        public let memberName: String
        public let commitment: Commitment
        public let recorded: CommitmentVerification?
        /// Recorded, though the rules did not expect it this month (a roster corrected since).
        public let isUnexpected: Bool
    }

    /// A group's month to verify: every member with an obligation open in the month, by household.
    public struct Sheet: Sendable {
        public let group: Group
        public let month: CalendarMonth
        public let lines: [Line]
    }

    public func sheet(groupID: Group.ID, month: CalendarMonth, in scope: AccessScope) async throws -> Sheet {
        guard let group = try await store.group(id: groupID, in: scope) else { throw VerificationError(.unknownGroup(groupID)) }
        let households = try await store.households(in: scope, groupID: group.id).filter { $0.status == .active }
        let members = Dictionary(grouping: try await store.members(ofGroup: group.id, in: scope), by: \.householdID)
        let posyandus = PosyanduDirectory(try await store.posyandus())
        let recorded = Dictionary(
            try await store.verifications(groupID: group.id, month: month).map { ($0.subject, $0) },
            uniquingKeysWith: { _, last in last })
        var lines: [Line] = []
        var expected = Set<CommitmentSubject>()
        for household in households {
            for subject in Self.subjects(of: household, in: group, members: members[household.id] ?? [], posyandus: posyandus,
                                         month: month, rules: rules) {
                expected.insert(subject)
                lines.append(Line(household: household, memberName: subject.memberName, commitment: subject.commitment,
                                  recorded: recorded[subject], isUnexpected: false))
            }
            for record in recorded.values.filter({ $0.householdID == household.id && !expected.contains($0.subject) })
                .sorted(by: { $0.subject < $1.subject }) {
                lines.append(Line(household: household, memberName: record.memberName, commitment: record.commitment,
                                  recorded: record, isUnexpected: true))
            }
        }
        return Sheet(group: group, month: month, lines: lines)
    }

    /// The members and commitments of one household the month asks to be verified: every member
    /// with an obligation open in the month, by the rules the reminders use. The verification
    /// sheet lists them and the monthly report counts them.
    static func subjects(
        of household: Household, in group: Group, members: [Member], posyandus: PosyanduDirectory, month: CalendarMonth,
        rules: PlanningRules
    ) -> [CommitmentSubject] {
        let obligations = rules.obligations.obligations(
            of: household, members: members, posyandu: posyandus.posyandu(kelurahan: group.kelurahan, rw: household.rw),
            from: month.first, through: month.last)
        return CommitmentRules.subjects(in: month, obligations: obligations)
    }

    /// The same for a whole group: its active households' subjects, as the monthly report and the
    /// morning digest count them.
    static func subjects(
        ofGroup group: Group, households: [Household], members: [Household.ID: [Member]], posyandus: PosyanduDirectory,
        month: CalendarMonth, rules: PlanningRules
    ) -> Set<CommitmentSubject> {
        var subjects = Set<CommitmentSubject>()
        for household in households where household.status == .active {
            subjects.formUnion(Self.subjects(
                of: household, in: group, members: members[household.id] ?? [], posyandus: posyandus, month: month, rules: rules))
        }
        return subjects
    }

    /// What a facilitator found for one member's commitment.
    public struct Entry: Sendable, Equatable {
        public let householdID: Household.ID
        public let memberName: String
        public let commitment: Commitment
        public let status: VerificationStatus
        public let note: String?

        public init(householdID: Household.ID, memberName: String, commitment: Commitment, status: VerificationStatus,
                    note: String? = nil) {
            self.householdID = householdID
            self.memberName = memberName
            self.commitment = commitment
            self.status = status
            self.note = note
        }
    }

    public struct Outcome: Sendable {
        public let group: Group
        public let month: CalendarMonth
        public let met: Int
        public let notMet: Int
        public let excused: Int
        /// Rows new or changed compared with what was recorded before.
        public let changed: Int
        public let followUps: OutboxCommitSummary
        public let tasksAdded: Int
        public let tasksWithdrawn: Int
        /// The group planned again: reminders a "met" no longer asks for are withdrawn here.
        public let plan: OutboxCommitSummary
    }

    /// Records a group's month: the entries given, over what was recorded before (other
    /// members' rows stay). Every entry is checked before anything is written.
    public func record(
        groupID: Group.ID, month: CalendarMonth, entries: [Entry], recordedBy: String, now: Date
    ) async throws -> Outcome {
        guard let group = try await store.group(id: groupID, in: .everything) else { throw VerificationError(.unknownGroup(groupID)) }
        let thisMonth = CalendarMonth(LocalDateTime(now, in: group.zone).date)
        guard month <= thisMonth else { throw VerificationError(.futureMonth(month.description)) }
        let households = try await store.households(in: .everything, groupID: group.id)
        let active = Dictionary(uniqueKeysWithValues: households.filter { $0.status == .active }.map { ($0.id, $0) })
        let members = Dictionary(grouping: try await store.members(ofGroup: group.id, in: .everything), by: \.householdID)
        var records: [CommitmentVerification] = []
        for entry in entries {
            guard active[entry.householdID] != nil else {
                throw VerificationError(.notAMember(householdID: entry.householdID, groupID: group.id))
            }
            let key = Member.key(forName: entry.memberName)
            guard let member = members[entry.householdID]?.first(where: { $0.isActive && $0.key == key }) else {
                throw VerificationError(.unknownMember(name: entry.memberName, householdID: entry.householdID))
            }
            let note = entry.note?.trimmingWhitespace()
            records.append(CommitmentVerification(
                month: month, householdID: entry.householdID, memberName: member.name, commitment: entry.commitment,
                status: entry.status, note: note?.isEmpty == false ? note : nil, recordedBy: recordedBy, recordedAt: now))
        }
        let changed = try await store.recordVerifications(records, month: month, groupID: group.id)

        let months = try await store.verifications(groupID: group.id, from: month.adding(months: -1), through: month)
        let current = months.filter { $0.month == month }
        let previous = months.filter { $0.month != month }

        // Households are written to about the month just verified or the one before it, not
        // about months long past that are recorded late.
        let followUpMessages = month >= thisMonth.adding(months: -1)
            ? try await followUps(current, group: group, households: households, members: members, month: month, now: now) : []
        let followUps = try await store.commit(
            followUpMessages, source: Self.source(month), groupID: group.id,
            window: DateInterval(start: Date(timeIntervalSince1970: 0), end: now.addingTimeInterval(400 * 86_400)),
            stale: [], at: now)

        let visits = Dictionary(grouping: CommitmentRules.homeVisitSubjects(month: current, previousMonth: previous),
                                by: \.householdID)
        let tasks = visits.keys.sorted().map { householdID in
            FacilitatorTask(
                key: Self.visitKey(householdID, month: month), kind: .homeVisit, facilitatorID: group.facilitatorID,
                householdID: householdID, due: LocalDateTime(now, in: group.zone).date.adding(days: 7),
                reason: "Dua bulan berturut-turut komitmen belum terpenuhi (\(Self.describe(visits[householdID] ?? [])), "
                    + "sampai \(month)): kunjungi dan tanyakan kesulitannya")
        }
        let tasksAdded = try await store.commitTasks(tasks)
        let tasksWithdrawn = try await store.withdrawTasks(
            keys: active.keys.filter { visits[$0] == nil }.sorted().map { Self.visitKey($0, month: month) })

        let plan = try await planner.commit(Planner.Horizon(now: now, days: planDays), groupID: group.id).outbox
        logger.info("verification recorded", metadata: [
            "verification.group": "\(group.id)", "verification.month": "\(month)", "verification.changed": "\(changed)",
            "verification.follow_ups": "\(followUpMessages.count)", "verification.visits": "\(tasks.count)",
        ])
        return Outcome(
            group: group, month: month, met: current.filter { $0.status == .met }.count,
            notMet: current.filter { $0.status == .notMet }.count, excused: current.filter { $0.status == .excused }.count,
            changed: changed, followUps: followUps, tasksAdded: tasksAdded, tasksWithdrawn: tasksWithdrawn, plan: plan)
    }

    /// One home visit per household and month of a second month not met.
    static func visitKey(_ householdID: Household.ID, month: CalendarMonth) -> String {
        "kunjungan-komitmen/\(householdID)/\(month)"
    }

    /// "sekolah: Asep; posyandu: Rizki, Dewi", for the facilitator.
    static func describe(_ subjects: [CommitmentSubject]) -> String {
        Dictionary(grouping: subjects, by: \.commitment).sorted { $0.key < $1.key }.map { commitment, subjects in
            "\(commitment.rawValue.replacingOccurrences(of: "-", with: " ")): "
                + subjects.map(\.memberName).joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// One message per household with a commitment not met: what is missing in its language,
    /// named only on the household's own phone.
    func followUps(
        _ verifications: [CommitmentVerification], group: Group, households: [Household], members: [Household.ID: [Member]],
        month: CalendarMonth, now: Date
    ) async throws -> [OutboxMessage] {
        let notMet = Dictionary(grouping: verifications.filter { $0.status == .notMet }, by: \.householdID)
        guard !notMet.isEmpty else { return [] }
        let kind = MessageKind.commitmentFollowUp
        guard let due = rules.policy.nextAllowed(from: LocalDateTime(now, in: group.zone)) else { return [] }
        let expiry = due.adding(minutes: 7 * 1440)
        let facilitator = try await store.facilitators().first { $0.id == group.facilitatorID }?.name ?? "Pendamping PKH"
        let resolver = RecipientResolver(group: group, households: households, sharedPhones: try await store.sharedPhones(),
                                         unreachable: Set(try await store.unreachableHouseholds().keys))
        let byID = Dictionary(uniqueKeysWithValues: households.map { ($0.id, $0) })
        var messages: [OutboxMessage] = []
        for (householdID, missing) in notMet.sorted(by: { $0.key < $1.key }) {
            guard let household = byID[householdID], household.status == .active, household.consent == .granted,
                  let recipient = resolver.recipient(for: household)
            else { continue }
            let language = catalogue.hasOwnTemplate(kind, language: household.language) ? household.language : .indonesian
            let wording = MessageWording(language: language)
            var values = TemplateValues.greeting(for: household, members: members[householdID] ?? [])
            values["bulan"] = .text(wording.month(month.month))
            let byCommitment = Dictionary(grouping: missing, by: \.commitment).map { ($0.key, $0.value.map(\.memberName)) }
            values["hal"] = .text(recipient.isOwn ? wording.commitments(byCommitment) : wording.commitmentsUnnamed)
            values["pendamping"] = .text(facilitator)
            let leaderMembers: [Member] = if case .relay(let leader, _) = recipient { members[leader.id] ?? [] } else { [] }
            let (text, channel) = try recipient.delivered(
                try catalogue.text(kind, language: household.language, values: values), to: household, greeting: values,
                facilitator: facilitator, members: leaderMembers, catalogue: catalogue)
            let key = "\(Self.source(month))/\(householdID)"
            messages.append(OutboxMessage.composed(
                key: key, source: Self.source(month), text: text, phone: recipient.phone, channel: channel,
                language: household.language, groupID: group.id, dueAt: due.instant(in: group.zone),
                expiresAt: expiry.instant(in: group.zone), priority: 4,
                items: [OutboxItem(key: key, householdID: householdID, eventKey: Self.source(month),
                                   eventAt: LocalDateTime(date: month.first, time: .midnight).instant(in: group.zone),
                                   kind: kind.rawValue)],
                settings: catalogue.settings))
        }
        return messages
    }
}
