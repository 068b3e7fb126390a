import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTemplates

/// Each facilitator's morning summary: today's meetings, home visits due, households that
/// became unreachable, and messages that failed and need a fix (a wrong number, usually).
/// It goes at `digest.at` in the facilitator's zone, by e-mail or to their phone, through the
/// outbox like every message (key `ringkasan/<facilitator>/<date>`: made once a day).
public struct DigestService: Sendable {
    public static let source = "digest"

    let store: any PengingatStore
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let settings: DigestSettings
    let logger: Logger

    public init(store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, settings: DigestSettings,
                logger: Logger) {
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        self.settings = settings
        self.logger = logger
    }

    public struct Line: Sendable, Equatable {
        public let subject: String
        public let detail: String

        public init(subject: String, detail: String) {
            self.subject = subject
            self.detail = detail
        }
    }

    public struct Digest: Sendable {
        public let facilitator: Facilitator
        public let date: CalendarDate
        public let zone: IndonesianTimeZone
        public let meetings: [Line]
        public let visits: [Line]
        public let unreachable: [Line]
        public let failed: [Line]
        /// Replies of the last day not yet marked handled.
        public let replies: [Line]
        /// In a month's first ten days, the groups whose last month is not fully verified.
        public let unverified: [Line]
        public let text: String
        /// Nil when the facilitator has neither phone nor e-mail to send it to.
        public let message: OutboxMessage?
    }

    /// When each facilitator's digest is due on `date`, in their zone.
    public var time: TimeOfDay { TimeOfDay(text: settings.at) ?? TimeOfDay(hour: 6, minute: 0)! }

    /// Makes and queues the digests whose time has come today and that are not queued yet;
    /// refreshes reachability first, so "became unreachable" is up to date. `force` makes
    /// them whatever the time; `queue: false` only shows them (and records nothing).
    @discardableResult
    public func run(now: Date, facilitatorID: Facilitator.ID? = nil, force: Bool = false, queue: Bool = true) async throws -> [Digest] {
        let changes = try await ReachabilityService(store: store, rules: settings.reachabilityRules, logger: logger)
            .refresh(now: now, record: queue)
        var digests: [Digest] = []
        for facilitator in try await store.facilitators() where facilitatorID == nil || facilitator.id == facilitatorID {
            let zone = try await zone(of: facilitator)
            let local = LocalDateTime(now, in: zone)
            guard force || local >= LocalDateTime(date: local.date, time: time) else { continue }
            if !force, try await store.outboxMessage(key: Self.key(facilitator.id, local.date)) != nil { continue }
            // Judged unreachable since the previous digest, whichever wake-up noticed it.
            let recent = try await store.unreachableHouseholds(in: .facilitator(facilitator.id), householdID: nil).values
                .filter { $0.since > now.addingTimeInterval(-86_400) }
            let newlyUnreachable = queue ? Array(recent) : Array(recent) + changes.becameUnreachable
            let digest = try await compose(for: facilitator, on: local.date, zone: zone, now: now,
                                           newlyUnreachable: newlyUnreachable.sorted { $0.householdID < $1.householdID })
            if !queue {
                digests.append(digest)
                continue
            }
            if let message = digest.message {
                _ = try await store.commit([message], source: Self.source, groupID: nil, window: DateInterval(start: now, duration: 0),
                                           stale: [], at: now)
            } else {
                logger.warning("digest has nowhere to go", metadata: ["digest.facilitator": "\(facilitator.id)"])
            }
            digests.append(digest)
        }
        return digests
    }

    static func key(_ facilitatorID: Facilitator.ID, _ date: CalendarDate) -> String { "ringkasan/\(facilitatorID)/\(date)" }

    /// A facilitator's zone is their groups' (the first group's when they span zones).
    func zone(of facilitator: Facilitator) async throws -> IndonesianTimeZone {
        try await store.groups(in: .facilitator(facilitator.id)).first?.zone ?? .wib
    }

    public func compose(
        for facilitator: Facilitator, on date: CalendarDate, zone: IndonesianTimeZone, now: Date,
        newlyUnreachable: [HouseholdReachability]
    ) async throws -> Digest {
        let wording = MessageWording(language: .indonesian)
        let groups = try await store.groups(in: .facilitator(facilitator.id))
        let groupIDs = Set(groups.map(\.id))
        let households = Dictionary(uniqueKeysWithValues: try await store.households(in: .facilitator(facilitator.id), groupID: nil)
            .map { ($0.id, $0) })
        func name(_ id: Household.ID) -> String { households[id].map { "\($0.caregiverName) (\(id))" } ?? id }

        var meetings: [(start: LocalDateTime, group: String, time: String, place: String)] = []
        for group in groups {
            let today = rules.meetingCalendar.meetings(of: group, from: date, through: date,
                                                      changes: try await store.meetingChanges(groupID: group.id))
            for meeting in today where meeting.status != .cancelled {
                meetings.append((meeting.start, group.name, wording.time(meeting.start.time, zone: meeting.zone), meeting.place))
            }
        }
        meetings.sort { $0.start < $1.start }

        // Visits due this past fortnight up to today: a visit not made yesterday is still due.
        let visits = try await store.tasks(dueFrom: date.adding(days: -13), through: date, in: .facilitator(facilitator.id))
            .map { Line(subject: name($0.householdID), detail: $0.reason) }

        let unreachable = newlyUnreachable.filter { households[$0.householdID] != nil }
            .map { Line(subject: name($0.householdID), detail: $0.reason) }

        var failed: [Line] = []
        var seen = Set<String>()
        let log = try await store.deliveryLog(DeliveryLogFilter(state: .failed, since: now.addingTimeInterval(-86_400), limit: 2000))
        for entry in log.reversed() where seen.insert(entry.messageKey).inserted {
            guard let message = try await store.outboxMessage(key: entry.messageKey), let group = message.groupID,
                  groupIDs.contains(group)
            else { continue }
            let error = log.last { $0.messageKey == entry.messageKey && $0.error != nil }?.error
            let detail = "pesan ke \(message.phone.masked) gagal" + (error.map { " (\(Self.short($0)))" } ?? "")
                + "; periksa nomor HP-nya di kpm.csv"
            for household in message.householdIDs { failed.append(Line(subject: name(household), detail: detail)) }
        }
        failed.sort { $0.subject < $1.subject }

        let replies = try await store.replies(in: .facilitator(facilitator.id), unhandledOnly: true,
                                              since: now.addingTimeInterval(-86_400), limit: 200)
            .reversed().map { reply in
                Line(subject: reply.householdIDs.first.map(name) ?? reply.phone.masked,
                     detail: "\(reply.intent.indonesianMeaning): \"\(Reply.oneLine(reply.text, maxLength: 80))\"")
            }

        let limit = settings.maxLinesPerList
        func list(_ lines: [Line], _ subjectKey: String) -> TemplateValues.Value {
            var entries: [TemplateValues] = lines.prefix(limit).map { [subjectKey: .text($0.subject), "keterangan": .text($0.detail)] }
            if lines.count > limit {
                entries.append([subjectKey: .text("dan \(lines.count - limit) lainnya"), "keterangan": .text("lihat: pengingat laporan")])
            }
            return .list(entries)
        }
        var values: TemplateValues = [
            "nama": .text(facilitator.name), "tanggal": .text(wording.dateWithWeekday(date)),
            "pertemuan": .list(meetings.map { ["kelompok": .text($0.group), "jam": .text($0.time), "tempat": .text($0.place)] }),
        ]
        values["kunjungan"] = list(visits, "kpm")
        values["tak_terjangkau"] = list(unreachable, "kpm")
        values["gagal"] = list(failed, "kpm")
        values["balasan"] = list(replies, "kpm")
        let unverified = try await unverifiedGroups(groups, on: date)
        if let month = unverified.month, !unverified.lines.isEmpty {
            values["verifikasi_bulan"] = .text(wording.month(month.month))
            values["verifikasi"] = list(unverified.lines, "kelompok")
        }
        let text = try catalogue.text(.facilitatorDigest, language: .indonesian, values: values)

        let message = envelope(for: facilitator, date: date, zone: zone, text: text, now: now)
        return Digest(facilitator: facilitator, date: date, zone: zone,
                      meetings: meetings.map { Line(subject: $0.group, detail: "\($0.time) di \($0.place)") }, visits: visits,
                      unreachable: unreachable, failed: failed, replies: replies, unverified: unverified.lines, text: text,
                      message: message)
    }

    /// In the first ten days of a month, when facilitators collect last month's records: the
    /// groups whose verification of last month is not complete, with how many are missing.
    func unverifiedGroups(_ groups: [Group], on date: CalendarDate) async throws -> (month: CalendarMonth?, lines: [Line]) {
        guard date.day <= 10 else { return (nil, []) }
        let month = CalendarMonth(date).adding(months: -1)
        let posyandus = PosyanduDirectory(try await store.posyandus())
        var lines: [Line] = []
        for group in groups {
            let expected = VerificationService.subjects(
                ofGroup: group, households: try await store.households(in: .everything, groupID: group.id),
                members: Dictionary(grouping: try await store.members(ofGroup: group.id, in: .everything), by: \.householdID),
                posyandus: posyandus, month: month, rules: rules)
            let recorded = Set(try await store.verifications(groupID: group.id, month: month).map(\.subject))
            let missing = expected.subtracting(recorded).count
            if missing > 0 {
                lines.append(Line(subject: group.name, detail: "\(missing) dari \(expected.count) anggota belum dicatat"))
            }
        }
        return (month, lines)
    }

    private func envelope(for facilitator: Facilitator, date: CalendarDate, zone: IndonesianTimeZone, text: String,
                          now: Date) -> OutboxMessage? {
        // The outbox addresses every message by phone (caps, logs); an e-mail digest carries its address beside it.
        guard let phone = facilitator.phone else { return nil }
        let byEmail = settings.channel == .email || (settings.channel == .auto && facilitator.email != nil)
        let email = byEmail ? facilitator.email.map {
            EmailEnvelope(address: $0, subject: "Ringkasan Pengingat PKH, \(MessageWording(language: .indonesian).dateWithWeekday(date))")
        } : nil
        let due = max(LocalDateTime(date: date, time: time).instant(in: zone), now)
        let endOfDay = LocalDateTime(date: date.adding(days: 1), time: .midnight).instant(in: zone)
        return OutboxMessage.composed(
            key: Self.key(facilitator.id, date), source: Self.source, text: text, phone: phone,
            channel: settings.channel == .sms ? .sms : .whatsapp, language: .indonesian, groupID: nil, dueAt: due,
            expiresAt: endOfDay, priority: 3, items: [], settings: catalogue.settings, email: email)
    }

    /// The gateway's error, short enough for one line of a digest.
    static func short(_ error: String) -> String {
        error.count > 60 ? String(error.prefix(59)) + "…" : error
    }
}
