import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

/// What the pages and the API read and do, for one signed-in account: every read goes to the
/// store with the account's `AccessScope`, so a facilitator's request can only ever match their
/// own groups' households, whichever page or endpoint asked. Changes are audited with who and when.
public struct FacilitatorDesk: Sendable {
    let store: any PengingatStore
    let rules: PlanningRules
    let planner: Planner
    let attendance: AttendanceService
    let verification: VerificationService
    let broadcasts: BroadcastService
    let settings: PengingatConfiguration
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, settings: PengingatConfiguration,
                logger: Logger, now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.store = store
        self.rules = rules
        self.planner = Planner(store: store, rules: rules, catalogue: catalogue, logger: logger)
        self.attendance = AttendanceService(store: store, rules: rules, catalogue: catalogue, logger: logger)
        self.verification = VerificationService(
            store: store, rules: rules, catalogue: catalogue, planDays: settings.web.planDays, logger: logger)
        self.broadcasts = BroadcastService(store: store, rules: rules, catalogue: catalogue, settings: settings.broadcasts, logger: logger)
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    // MARK: - Beranda

    /// The most rows of each of the Beranda's lists (a day's meetings, a day's obligations, the
    /// failures, the unreachable): a province's page costs what a facilitator's does.
    static let dashboardListLimit = 30

    public func dashboard(for account: Account) async throws -> DashboardView {
        let scope = account.scope
        let limit = Self.dashboardListLimit
        let groups = try await store.groups(in: scope)
        let zone = groups.first?.zone ?? .wib
        let moment = now()
        let today = LocalDateTime(moment, in: zone).date
        let start = LocalDateTime(date: today, time: .midnight).instant(in: zone)
        let end = LocalDateTime(date: today.adding(days: 8), time: .midnight).instant(in: zone)
        let figures = try await store.dashboardFigures(DashboardRequest(
            scope: scope, days: DateInterval(start: start, end: end), zone: zone,
            obligationKinds: DeskLabels.obligationKinds,
            failuresDue: DateInterval(start: moment.addingTimeInterval(-7 * 86_400), end: moment.addingTimeInterval(1)), limit: limit))
        var meetingsByDay: [CalendarDate: [MeetingView]] = [:]
        let changes = try await store.meetingChanges(in: scope)
        for group in groups {
            for meeting in rules.meetingCalendar.meetings(of: group, from: today, through: today.adding(days: 7), changes: changes)
            where meeting.start.date >= today && meeting.start.date <= today.adding(days: 7) {
                meetingsByDay[meeting.start.date, default: []].append(meetingView(meeting, group: group))
            }
        }
        let days = (0...7).map { offset in
            let date = today.adding(days: offset)
            let allMeetings = (meetingsByDay[date] ?? []).sorted { ($0.start, $0.groupName) < ($1.start, $1.groupName) }
            let meetings = Array(allMeetings.prefix(limit))
            let obligations = (figures.obligationsByDay[date] ?? []).map { obligation in
                ObligationView(householdID: obligation.householdID, householdName: obligation.householdName, kind: obligation.kind,
                               at: obligation.eventAt, label: DeskLabels.kind(obligation.kind), when: timeText(obligation.eventAt, zone: zone))
            }
            let moreObligations = (figures.obligationCountByDay[date] ?? 0) - obligations.count
            let scheduled = figures.queuedByDay[date] ?? 0
            return DayView(
                date: date.description, label: date.indonesianTextWithWeekday, isToday: offset == 0, meetings: meetings,
                moreMeetings: allMeetings.count - meetings.count, obligations: obligations, hasObligations: !obligations.isEmpty,
                moreObligations: moreObligations, scheduledMessages: scheduled,
                isQuiet: allMeetings.isEmpty && obligations.isEmpty && scheduled == 0)
        }
        let failures = figures.failures.map { messageView($0, zone: zone) }
        let tasks = try await store.tasks(dueFrom: today, through: today.adding(days: 7), in: scope)
        let names = try await store.householdNames(ids: Set(tasks.map(\.householdID)))
        let homeVisits = tasks.map {
            TaskView(householdID: $0.householdID, householdName: names[$0.householdID] ?? $0.householdID,
                     due: $0.due.indonesianTextWithWeekday, dueDate: $0.due, reason: $0.reason)
        }
        let unreachable = figures.unreachable.map {
            UnreachableView(householdID: $0.householdID, householdName: $0.householdName, phone: $0.phone.masked, reason: $0.reason)
        }
        let unhandled = figures.unhandledReplies
        // As far ahead as the pages plan.
        let holidayWarnings = HolidayYearWarning.lines(
            rules.holidays, horizon: Planner.Horizon(now: moment, days: settings.web.planDays), file: settings.planner.holidaysFile)
        return DashboardView(
            viewer: account.displayName, today: today.indonesianTextWithWeekday, days: days, failures: failures,
            homeVisits: homeVisits, unreachable: unreachable, unhandledReplies: unhandled, hasUnhandledReplies: unhandled > 0,
            hasFailures: !failures.isEmpty, hasHomeVisits: !homeVisits.isEmpty, hasUnreachable: !unreachable.isEmpty,
            moreUnreachable: figures.unreachableCount - unreachable.count,
            holidayWarnings: holidayWarnings, hasHolidayWarnings: !holidayWarnings.isEmpty,
            trends: try await trends(in: scope, groupID: nil, zone: zone))
    }

    // MARK: - Kelompok

    public func groups(for account: Account) async throws -> [GroupSummaryView] {
        let today = LocalDateTime(now(), in: .wib).date
        var result: [GroupSummaryView] = []
        // Three reads whatever the number of groups: counted and scoped in the store.
        let counts = try await store.activeHouseholdCounts(in: account.scope)
        let changes = try await store.meetingChanges(in: account.scope)
        for group in try await store.groups(in: account.scope) {
            let next = nextMeeting(of: group, changes: changes, from: today)
            result.append(GroupSummaryView(
                id: group.id, name: group.name, place: group.place, households: counts[group.id] ?? 0,
                nextMeeting: next.map { meetingView($0, group: group) }))
        }
        return result
    }

    public func group(id: Group.ID, for account: Account) async throws -> GroupView {
        guard let group = try await store.group(id: id, in: account.scope) else {
            throw DeskError(.notFound("Kelompok \(id)"))
        }
        let moment = now()
        let today = LocalDateTime(moment, in: group.zone).date
        let changes = try await store.meetingChanges(groupID: group.id)
        let around = rules.meetingCalendar.meetings(of: group, from: today.adding(months: -2), through: today.adding(months: 3),
                                                    changes: changes)
        let begun = around.filter { $0.status != .cancelled && $0.start.instant(in: group.zone) <= moment }
        let next = around.first { $0.status != .cancelled && $0.start.instant(in: group.zone) > moment }
        let attendanceMeeting = begun.last ?? next
        var recorded: [AttendanceRecord] = []
        if let attendanceMeeting { recorded = try await store.attendance(meetingID: attendanceMeeting.id) }
        let byHousehold = Dictionary(recorded.map { ($0.householdID, $0) }, uniquingKeysWith: { _, last in last })
        let members = try await store.members(ofGroup: group.id, in: account.scope)
        let componentsByHousehold = Dictionary(grouping: members.filter(\.isActive), by: \.householdID).mapValues { list in
            Member.Component.allCases.filter(Set(list.compactMap(\.component)).contains)
        }
        let households = try await store.households(in: account.scope, groupID: group.id).filter { $0.status == .active }.map {
            household in
            let record = byHousehold[household.id]
            return HouseholdRowView(
                id: household.id, name: household.caregiverName, phone: household.phone?.masked ?? "-",
                maskedPhone: household.phone?.masked, channel: household.channel.rawValue,
                components: (componentsByHousehold[household.id] ?? []).map { DeskLabels.component($0) }.sorted().joined(separator: ", "),
                componentCodes: componentsByHousehold[household.id] ?? [],
                optedOut: household.consent == .optedOut, isLeader: group.leaderHouseholdID == household.id,
                attendance: record.map { DeskLabels.attendance($0.status) } ?? DeskLabels.attendance(nil),
                attendanceStatus: record?.status,
                present: record == nil || record?.status == .present, absent: record?.status == .absent,
                excused: record?.status == .excused, reason: record?.reason ?? "")
        }
        return GroupView(
            id: group.id, name: group.name, facilitatorID: group.facilitatorID, place: group.place, kelurahan: group.kelurahan,
            nextMeeting: next.map { meetingView($0, group: group) },
            meetings: around.filter { $0.start.date >= today.adding(months: -1) }.map { meetingView($0, group: group) },
            attendanceMeeting: attendanceMeeting.map { meetingView($0, group: group) }, households: households,
            trends: try await trends(in: account.scope, groupID: group.id, zone: group.zone))
    }

    // MARK: - KPM

    public func household(id: Household.ID, for account: Account) async throws -> HouseholdView {
        guard let household = try await store.household(id: id, in: account.scope) else {
            throw DeskError(.notFound("KPM \(id)"))
        }
        let group = try await store.group(id: household.groupID, in: account.scope)
        let zone = group?.zone ?? .wib
        let members = try await store.members(ofHousehold: id, in: account.scope).map {
            MemberView(name: $0.name, relation: $0.relation, component: DeskLabels.component($0.component),
                       componentCode: $0.component, birthDate: $0.birthDate?.indonesianText ?? "", birthDateValue: $0.birthDate,
                       isActive: $0.isActive)
        }
        let messages = try await store.outboxMessages(forHousehold: id, in: account.scope, limit: 100)
        let moment = now()
        var upcoming: [String: (Date, ObligationView)] = [:]
        for message in messages where message.state.holdsItems {
            for item in message.items where item.householdID == id && item.eventAt > moment && DeskLabels.isObligation(item.kind) {
                upcoming[item.eventKey] = (item.eventAt, ObligationView(
                    householdID: id, householdName: household.caregiverName, kind: item.kind, at: item.eventAt, label: DeskLabels.kind(item.kind),
                    when: LocalDateTime(item.eventAt, in: zone).date.indonesianTextWithWeekday + ", " + timeText(item.eventAt, zone: zone)))
            }
        }
        let replies = try await store.replies(ofHousehold: id, in: account.scope, limit: 30).map { replyView($0, zone: zone) }
        let reachability = try await store.unreachableHouseholds(in: account.scope, householdID: id)[id]
        return HouseholdView(
            household: household, id: household.id, name: household.caregiverName, groupID: household.groupID, groupName: group?.name ?? household.groupID,
            address: [household.address, "RT \(household.rt)/RW \(household.rw)"].filter { !$0.isEmpty }.joined(separator: ", "),
            phone: household.phone?.masked ?? "-", alternatePhone: household.alternatePhone?.masked ?? "",
            channel: household.channel == .whatsapp ? "WhatsApp" : "SMS", language: household.language.rawValue,
            status: household.status.rawValue, isActive: household.status == .active, optedOut: household.consent == .optedOut,
            consentLabel: household.consent == .optedOut ? "Berhenti menerima pesan" : "Menerima pesan",
            reachable: reachability == nil,
            reachabilityNote: reachability.map { "Sulit dihubungi: \($0.reason)" } ?? "Bisa dihubungi",
            unreachableReason: reachability?.reason,
            members: members, upcoming: upcoming.values.sorted { $0.0 < $1.0 }.map(\.1),
            messages: messages.map { messageView($0, zone: zone) }, replies: Array(replies))
    }

    /// A household's own choice, told to the facilitator in person; audited.
    public func setConsent(householdID: Household.ID, optedOut: Bool, by account: Account) async throws {
        guard let household = try await store.household(id: householdID, in: account.scope) else {
            throw DeskError(.notFound("KPM \(householdID)"))
        }
        let consent: Household.Consent = optedOut ? .optedOut : .granted
        guard household.consent != consent else { return }
        _ = try await store.recordConsent(consent, householdID: householdID)
        try await audit(account, "consent.change", householdID, optedOut ? "berhenti menerima pesan" : "menerima pesan lagi")
    }

    // MARK: - Pertemuan

    public func moveMeeting(id: String, to start: LocalDateTime?, place: String?, by account: Account) async throws -> MeetingView {
        let (group, meeting) = try await visibleMeeting(id, for: account)
        let newPlace = place?.trimmingWhitespace().isEmpty == false ? place?.trimmingWhitespace() : nil
        guard start != nil || newPlace != nil else { throw DeskError(.nothingToChange) }
        try await store.recordMeetingChange(MeetingChange(
            meetingID: meeting.id, newStart: start ?? meeting.start, newPlace: newPlace ?? meeting.place, changedBy: account.id))
        try await audit(account, "meeting.move", meeting.id,
                        "ke \((start ?? meeting.start).description) di \(newPlace ?? meeting.place)")
        // Withdraw the old reminders and tell those already told, now rather than at the next round.
        _ = try await planner.commit(Planner.Horizon(now: now(), days: settings.web.planDays), groupID: group.id)
        let (_, moved) = try await visibleMeeting(id, for: account)
        return meetingView(moved, group: group)
    }

    public func cancelMeeting(id: String, by account: Account) async throws -> MeetingView {
        let (group, meeting) = try await visibleMeeting(id, for: account)
        try await store.recordMeetingChange(MeetingChange(meetingID: meeting.id, cancelled: true, changedBy: account.id))
        try await audit(account, "meeting.cancel", meeting.id, "dibatalkan")
        _ = try await planner.commit(Planner.Horizon(now: now(), days: settings.web.planDays), groupID: group.id)
        let (_, cancelled) = try await visibleMeeting(id, for: account)
        return meetingView(cancelled, group: group)
    }

    public func recordAttendance(
        meetingID: String, absent: Set<Household.ID>, excused: [Household.ID: String], by account: Account
    ) async throws -> AttendanceResultView {
        _ = try await visibleMeeting(meetingID, for: account)
        let outcome = try await attendance.record(
            meetingID: meetingID, absent: absent, excused: excused, recordedBy: account.id, now: now())
        try await audit(account, "attendance.record", meetingID,
                        "hadir \(outcome.present), izin \(outcome.excused), tidak hadir \(outcome.absent)")
        return AttendanceResultView(
            meetingID: meetingID, present: outcome.present, excused: outcome.excused, absent: outcome.absent,
            changed: outcome.changed, motivationMessages: outcome.outbox.inserted + outcome.outbox.updated,
            homeVisits: outcome.tasksAdded)
    }

    // MARK: - Kirim pesan

    public struct BroadcastForm: Sendable {
        public var audience: String
        public var text: String
        public var at: Date?

        public init(audience: String, text: String, at: Date? = nil) {
            self.audience = audience
            self.text = text
            self.at = at
        }
    }

    public func previewBroadcast(_ form: BroadcastForm, by account: Account) async throws -> (BroadcastService.Preview, BroadcastPreviewView) {
        let audience = try BroadcastAudience.parse(form.audience)
        let preview = try await broadcasts.preview(BroadcastService.Request(
            audience: audience, audienceText: form.audience, content: .text(form.text), at: form.at, scope: account.scope,
            requestedBy: account.id), now: now())
        return (preview, previewView(preview, form: form))
    }

    public func sendBroadcast(_ form: BroadcastForm, confirmed: Bool, by account: Account) async throws -> BroadcastSentView {
        let (preview, _) = try await previewBroadcast(form, by: account)
        let broadcast = try await broadcasts.send(preview, confirmed: confirmed, now: now())
        try await audit(account, "broadcast.send", broadcast.id,
                        "\(broadcast.messages) pesan ke \(form.audience), \(broadcast.segments) SMS")
        return BroadcastSentView(id: broadcast.id, messages: broadcast.messages,
                                 scheduledAt: preview.scheduledAt.map { LocalDateTime($0, in: .wib).iso8601(in: .wib) },
                                 scheduledInstant: preview.scheduledAt)
    }

    // MARK: - Log and replies

    public func log(_ filter: DeliveryLogFilter, for account: Account) async throws -> [LogLineView] {
        var filter = filter
        filter.scope = account.scope
        return try await store.deliveryLog(filter).reversed().map { entry in
            let local = LocalDateTime(entry.at, in: .wib)
            return LogLineView(
                at: local.iso8601(in: .wib), instant: entry.at, line: entry.line, when: DeskLabels.when(local), message: entry.messageKey,
                event: entry.event.rawValue, gateway: entry.gateway, httpStatus: entry.httpStatus,
                latencyMilliseconds: entry.latencyMilliseconds,
                change: [entry.fromState, entry.toState].compactMap { $0 }.map(DeskLabels.state).joined(separator: " → "),
                fromState: entry.fromState?.rawValue,
                toState: entry.toState?.rawValue, note: entry.error ?? entry.detail ?? "")
        }
    }

    /// Newest first: from the start, or from where an earlier page stopped (`before`).
    public func replies(for account: Account, unhandledOnly: Bool, before: Reply.Position? = nil, limit: Int = 200)
        async throws -> [ReplyView]
    {
        try await store.replies(in: account.scope, unhandledOnly: unhandledOnly, since: nil, before: before, limit: limit)
            .map { replyView($0, zone: .wib) }
    }

    public func markReplyHandled(id: String, by account: Account) async throws {
        guard try await store.markReplyHandled(id: id, by: account.id, at: now(), in: account.scope) else {
            throw DeskError(.unknownReply(id))
        }
    }

    // MARK: - Views

    func visibleMeeting(_ id: String, for account: Account) async throws -> (Group, Meeting) {
        try await visibleMeeting(id, in: account.scope)
    }

    func visibleMeeting(_ id: String, in scope: AccessScope) async throws -> (Group, Meeting) {
        guard let parsed = Meeting.parse(id: id) else { throw DeskError(.invalidMeetingID(id)) }
        guard let group = try await store.group(id: parsed.groupID, in: scope) else {
            throw DeskError(.notFound("Pertemuan \(id)"))
        }
        let changes = try await store.meetingChanges(groupID: group.id)
        guard let meeting = rules.meetingCalendar.meeting(of: group, year: parsed.year, month: parsed.month, changes: changes) else {
            throw DeskError(.notFound("Pertemuan \(id)"))
        }
        return (group, meeting)
    }

    func nextMeeting(of group: Group, changes: [String: MeetingChange], from today: CalendarDate) -> Meeting? {
        let moment = now()
        return rules.meetingCalendar.meetings(of: group, from: today, through: today.adding(months: 3), changes: changes)
            .first { $0.status != .cancelled && $0.start.instant(in: group.zone) > moment }
    }

    func meetingView(_ meeting: Meeting, group: Group) -> MeetingView {
        let wording = MessageWording(language: .indonesian)
        let month = meeting.id.split(separator: "/").last.map(String.init) ?? ""
        return MeetingView(
            id: meeting.id, groupID: group.id, groupName: group.name, start: meeting.start.iso8601(in: meeting.zone),
            startAt: meeting.start.instant(in: meeting.zone),
            when: wording.dateTime(meeting.start.date, meeting.start.time, zone: meeting.zone), place: meeting.place,
            status: meeting.status.rawValue, statusLabel: DeskLabels.meetingStatus(meeting.status),
            topic: meeting.session.map { "\($0.module) \($0.number): \($0.title)" }, isCancelled: meeting.status == .cancelled,
            path: "\(group.id)/\(month)")
    }

    func messageView(_ message: OutboxMessage, zone: IndonesianTimeZone) -> MessageView {
        let local = LocalDateTime(message.dueAt, in: zone)
        let kinds = Set(message.items.map(\.kind))
        let kind = kinds.count == 1 ? kinds.first! : (kinds.isEmpty ? message.source : "gabungan")
        return MessageView(
            key: message.key, source: message.source, kind: kind, kinds: kinds.sorted(),
            label: kinds.count == 1 ? DeskLabels.kind(kind) : (kinds.isEmpty ? message.source : "Beberapa pengingat"),
            phone: message.phone.masked, channel: message.channel.rawValue, state: message.state.rawValue,
            stateLabel: DeskLabels.state(message.state), due: local.iso8601(in: zone),
            dueLabel: "\(local.date.slashed) \(local.time)", dueAt: message.dueAt, groupID: message.groupID, households: message.householdIDs,
            segments: message.segments, isProblem: message.state == .failed || message.state == .expired)
    }

    func replyView(_ reply: Reply, zone: IndonesianTimeZone) -> ReplyView {
        let local = LocalDateTime(reply.receivedAt, in: zone)
        return ReplyView(
            id: reply.id, receivedAt: local.iso8601(in: zone), receivedInstant: reply.receivedAt, when: DeskLabels.when(local), phone: reply.phone.masked,
            households: reply.householdIDs, groupID: reply.groupID, text: reply.text, intent: reply.intent.code,
            intentLabel: reply.intent.indonesianMeaning, response: reply.response.rawValue, handled: reply.handledAt != nil,
            handledBy: reply.handledBy)
    }

    func previewView(_ preview: BroadcastService.Preview, form: BroadcastForm) -> BroadcastPreviewView {
        BroadcastPreviewView(
            audience: form.audience, text: form.text, households: preview.households, phones: preview.phones, sms: preview.sms.count,
            whatsApp: preview.whatsApp.count, smsSegments: preview.smsSegments,
            encodings: preview.encodings.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "),
            estimatedCost: MessageWording.rupiah(preview.estimatedCost), optedOut: preview.optedOut,
            unreachable: preview.unreachable.count,
            scheduledAt: preview.scheduledAt.map { LocalDateTime($0, in: .wib) }.map { "\($0.date.indonesianTextWithWeekday) \($0.time) WIB" },
            atInput: form.at.map { LocalDateTime($0, in: .wib) }.map { "\($0.date)T\($0.time)" } ?? "",
            needsConfirmation: preview.needsConfirmation,
            samples: preview.samples.map {
                SampleView(phone: $0.phone.masked, channel: $0.channel.rawValue, segments: $0.segments, encoding: $0.encoding,
                           text: $0.text)
            })
    }

    private func timeText(_ instant: Date, zone: IndonesianTimeZone) -> String {
        "\(LocalDateTime(instant, in: zone).time) \(zone.abbreviation.rawValue)"
    }

    func audit(_ account: Account, _ action: String, _ subject: String, _ detail: String) async throws {
        try await store.recordAudit(AuditEntry(at: now(), actor: account.id, action: action, subject: subject, detail: detail))
        logger.info("audited change", metadata: ["audit.actor": "\(account.id)", "audit.action": "\(action)", "audit.subject": "\(subject)"])
    }
}
