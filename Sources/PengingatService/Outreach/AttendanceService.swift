import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTemplates

/// Records who came to a meeting and, from that, the follow-up: a motivation message the next
/// morning for each household that missed it (three levels, and a gentle variant for the
/// excused), and a home-visit task for the facilitator after the third miss in a row.
public struct AttendanceService: Sendable {
    public static let source = "motivation"

    let store: any PengingatStore
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let logger: Logger

    public init(store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, logger: Logger) {
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        self.logger = logger
    }

    public struct Outcome: Sendable {
        public let meeting: Meeting
        public let present: Int
        public let excused: Int
        public let absent: Int
        /// Rows new or changed compared with the previous recording of this meeting.
        public let changed: Int
        public let levels: [Household.ID: MotivationLevel]
        public let outbox: OutboxCommitSummary
        public let tasksAdded: Int
        /// Home visits of this meeting taken back because a correction no longer asks for them.
        public let tasksWithdrawn: Int
    }

    /// Records one meeting: the households named absent or excused; every other active
    /// household of the group came. Recording again replaces the earlier recording.
    public func record(
        meetingID: String, absent: Set<Household.ID>, excused: [Household.ID: String], recordedBy: String, now: Date
    ) async throws -> Outcome {
        guard let parsed = Meeting.parse(id: meetingID),
              let group = try await store.group(id: parsed.groupID, in: .everything)
        else { throw AttendanceError(.unknownMeeting(meetingID)) }
        let changes = try await store.meetingChanges(groupID: group.id)
        guard let meeting = rules.meetingCalendar.meeting(of: group, year: parsed.year, month: parsed.month, changes: changes),
              meeting.status != .cancelled
        else { throw AttendanceError(.unknownMeeting(meetingID)) }
        let households = try await store.households(in: .everything, groupID: group.id)
        let active = households.filter { $0.status == .active }
        let activeIDs = Set(active.map(\.id))
        for id in absent.union(excused.keys) where !activeIDs.contains(id) {
            throw AttendanceError(.notAMember(householdID: id, groupID: group.id))
        }
        if let both = absent.intersection(excused.keys).sorted().first { throw AttendanceError(.bothAbsentAndExcused(both)) }
        // A household named absent that said IZIN by SMS or WhatsApp before the meeting was excused.
        var absent = absent
        var excused = excused
        for (id, reason) in try await excusesByReply(absent: absent, households: active, meeting: meeting, zone: group.zone) {
            absent.remove(id)
            excused[id] = reason
        }

        let records = active.map { household in
            AttendanceRecord(
                meetingID: meeting.id, householdID: household.id,
                status: absent.contains(household.id) ? .absent : excused[household.id] != nil ? .excused : .present,
                reason: excused[household.id], recordedBy: recordedBy, recordedAt: now)
        }
        let changed = try await store.recordAttendance(records, meetingID: meeting.id, groupID: group.id)

        // The ladder looks at this meeting and the ones before it, in meeting order.
        let history = try await store.attendanceHistory(groupID: group.id)
        let earlier = history.keys.filter { $0 <= meeting.id }.sorted()
        var levels: [Household.ID: MotivationLevel] = [:]
        for household in active {
            let statuses = earlier.compactMap { id in history[id]?.first { $0.householdID == household.id }?.status }
            if let level = MotivationLevel.level(history: statuses) { levels[household.id] = level }
        }

        let messages = try await motivationMessages(
            meeting: meeting, group: group, households: households, levels: levels, changes: changes, now: now)
        // Motivation of this group due between this meeting and the next is this meeting's:
        // what a corrected recording no longer asks for is withdrawn.
        let windowEnd = nextMeeting(of: group, after: meeting, changes: changes)?.start.instant(in: group.zone)
            ?? meeting.start.instant(in: group.zone).addingTimeInterval(45 * 86_400)
        let window = DateInterval(start: meeting.start.instant(in: group.zone), end: windowEnd)
        let summary = try await store.commit(messages, source: Self.source, groupID: group.id, window: window, stale: [], at: now)
        let tasks = levels.filter { $0.value == .thirdMiss }.keys.sorted().map { householdID in
            FacilitatorTask(
                key: Self.visitKey(householdID, meeting: meeting.id), kind: .homeVisit, facilitatorID: group.facilitatorID,
                householdID: householdID, due: meeting.start.date.adding(days: 7),
                reason: "Tiga kali berturut-turut tidak hadir P2K2 (terakhir \(meeting.id)): kunjungi dan tanyakan kabarnya")
        }
        let tasksAdded = try await store.commitTasks(tasks)
        let tasksWithdrawn = try await store.withdrawTasks(
            keys: active.filter { levels[$0.id] != .thirdMiss }.map { Self.visitKey($0.id, meeting: meeting.id) })
        logger.info("attendance recorded", metadata: [
            "attendance.meeting": "\(meeting.id)", "attendance.absent": "\(absent.count)", "attendance.excused": "\(excused.count)",
            "attendance.motivation": "\(messages.count)",
        ])
        return Outcome(
            meeting: meeting, present: records.filter { $0.status == .present }.count, excused: excused.count,
            absent: absent.count, changed: changed, levels: levels, outbox: summary, tasksAdded: tasksAdded,
            tasksWithdrawn: tasksWithdrawn)
    }

    /// One home visit per household and meeting of a third miss in a row.
    public static func visitKey(_ householdID: Household.ID, meeting meetingID: String) -> String {
        "kunjungan-motivasi/\(householdID)/\(meetingID)"
    }

    /// The motivation message to one household after one meeting: one per pair, so recording
    /// again rewrites it instead of adding another.
    public static func motivationKey(_ householdID: Household.ID, meeting meetingID: String) -> String {
        "motivasi/\(meetingID)/\(householdID)"
    }

    /// The absent households that replied IZIN (or TIDAK) in the two weeks before the meeting
    /// or on its day, with their reason as the facilitator will read it.
    func excusesByReply(
        absent: Set<Household.ID>, households: [Household], meeting: Meeting, zone: IndonesianTimeZone
    ) async throws -> [Household.ID: String] {
        let start = meeting.start.instant(in: zone)
        let until = start.addingTimeInterval(86_400)
        var excuses: [Household.ID: String] = [:]
        for household in households where absent.contains(household.id) {
            for phone in [household.phone, household.alternatePhone].compactMap({ $0 }) {
                let said = try await store.replies(from: phone, since: start.addingTimeInterval(-14 * 86_400)).last {
                    if case .excused = $0.intent { return $0.receivedAt < until && $0.householdIDs.contains(household.id) }
                    return false
                }
                if let said { excuses[household.id] = "izin lewat pesan: " + (said.intent.reason ?? "tanpa alasan") }
            }
        }
        return excuses
    }

    func motivationMessages(
        meeting: Meeting, group: Group, households: [Household], levels: [Household.ID: MotivationLevel],
        changes: [String: MeetingChange], now: Date
    ) async throws -> [OutboxMessage] {
        guard !levels.isEmpty else { return [] }
        let byID = Dictionary(uniqueKeysWithValues: households.map { ($0.id, $0) })
        let members = Dictionary(grouping: try await store.members(ofGroup: group.id, in: .everything), by: \.householdID)
        let facilitator = try await store.facilitators().first { $0.id == group.facilitatorID }
        let resolver = RecipientResolver(group: group, households: households, sharedPhones: try await store.sharedPhones(),
                                         unreachable: Set(try await store.unreachableHouseholds().keys))
        let next = nextMeeting(of: group, after: meeting, changes: changes)
        let other = try await otherGroupMeeting(for: group, before: next?.start, changes: changes, now: now)

        // The morning after the meeting, in the group's send window; later if recorded late.
        let morning = LocalDateTime(date: meeting.start.date.adding(days: 1), time: rules.policy.windowStart)
        let earliest = max(morning, LocalDateTime(now, in: group.zone))
        guard let due = rules.policy.nextAllowed(from: earliest) else { return [] }
        let expiry = next?.start ?? due.adding(minutes: 14 * 1440)
        guard due < expiry else { return [] }

        var messages: [OutboxMessage] = []
        for (householdID, level) in levels.sorted(by: { $0.key < $1.key }) {
            guard let household = byID[householdID], household.consent == .granted,
                  let recipient = resolver.recipient(for: household)
            else { continue }
            let kind: MessageKind = switch level {
            case .excused: .motivationExcused
            case .firstMiss: .motivationFirstMiss
            case .secondMiss: .motivationSecondMiss
            case .thirdMiss: .motivationThirdMiss
            }
            let language = catalogue.hasOwnTemplate(kind, language: household.language) ? household.language : .indonesian
            let wording = MessageWording(language: language)
            var values = TemplateValues.greeting(for: household, members: members[householdID] ?? [])
            values["pendamping"] = .text(facilitator?.name ?? "Pendamping PKH")
            values["tanggal_berikut"] = .text(next.map { wording.dateWithWeekday($0.start.date) } ?? "segera diumumkan")
            values["jam_berikut"] = .text(next.map { wording.time($0.start.time, zone: group.zone) } ?? "-")
            if kind != .motivationThirdMiss {
                values["topik"] = .text(meeting.session?.shortTitle(in: language) ?? "pertemuan P2K2")
                values["pesan_kunci"] = .text(meeting.session?.keyMessage(in: language) ?? "")
            }
            if kind == .motivationSecondMiss {
                let leader = group.leaderHouseholdID.flatMap { byID[$0] }
                values["ketua"] = .text(leader.map {
                    TemplateValues.addressee(TemplateValues.greeting(for: $0, members: members[$0.id] ?? []))
                } ?? "ketua kelompok")
                if let other {
                    values["pertemuan_lain"] = .text(wording.meetingMention(
                        other.group.name, other.meeting.start.date, other.meeting.start.time, zone: other.group.zone))
                }
            }
            let leaderMembers: [Member] = if case .relay(let leader, _) = recipient { members[leader.id] ?? [] } else { [] }
            let (text, channel) = try recipient.delivered(
                try catalogue.text(kind, language: household.language, values: values), to: household, greeting: values,
                facilitator: facilitator?.name ?? "Pendamping PKH", members: leaderMembers, catalogue: catalogue)
            let key = Self.motivationKey(householdID, meeting: meeting.id)
            messages.append(OutboxMessage.composed(
                key: key, source: Self.source, text: text, phone: recipient.phone, channel: channel, language: household.language,
                groupID: group.id, dueAt: due.instant(in: group.zone), expiresAt: expiry.instant(in: group.zone), priority: 4,
                items: [OutboxItem(key: key, householdID: householdID, eventKey: meeting.id,
                                   eventAt: meeting.start.instant(in: group.zone), kind: kind.rawValue)],
                settings: catalogue.settings))
        }
        return messages
    }

    /// The group's next meeting that takes place, within a year.
    func nextMeeting(of group: Group, after meeting: Meeting, changes: [String: MeetingChange]) -> Meeting? {
        var date = CalendarDate(year: meeting.year, month: meeting.month, day: 1) ?? meeting.start.date
        for _ in 0..<12 {
            date = date.adding(months: 1)
            if let next = rules.meetingCalendar.meeting(of: group, year: date.year, month: date.month, changes: changes),
               next.status != .cancelled, next.start > meeting.start {
                return next
            }
        }
        return nil
    }

    /// Another group of the same facilitator in the same kelurahan meeting soon: a household
    /// that keeps missing its own group's day may find another day easier.
    func otherGroupMeeting(
        for group: Group, before limit: LocalDateTime?, changes: [String: MeetingChange], now: Date
    ) async throws -> (group: Group, meeting: Meeting)? {
        let today = LocalDateTime(now, in: group.zone)
        let candidates = try await store.groups(in: .facilitator(group.facilitatorID)).filter {
            $0.id != group.id && AdministrativeArea.kelurahanKey($0.kelurahan) == AdministrativeArea.kelurahanKey(group.kelurahan)
        }
        var best: (Group, Meeting)?
        for candidate in candidates {
            let meetings = rules.meetingCalendar.meetings(
                of: candidate, from: today.date, through: today.date.adding(days: 45),
                changes: try await store.meetingChanges(groupID: candidate.id))
            guard let meeting = meetings.first(where: { $0.status != .cancelled && $0.start > today }) else { continue }
            if let limit, meeting.start >= limit { continue }
            if let current = best, current.1.start <= meeting.start { continue }
            best = (candidate, meeting)
        }
        return best
    }
}
