import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTemplates

/// A facilitator's message to many households: previewed (who, how many, what it costs),
/// then recorded and put in the outbox like every other message (throttled, logged, and
/// honouring opt-outs when it is sent), and cancellable until each message has gone.
public struct BroadcastService: Sendable {
    public static let source = "broadcast"
    /// Templates a broadcast can fill for every household from its group's next meeting.
    public static let templateKinds: [MessageKind] = [.scheduleAnswer, .p2k2DaysBefore, .p2k2DayBefore]
    /// After reminders (which say something time-bound about one household) in the queue.
    static let priority = 6

    let store: any PengingatStore
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let settings: BroadcastSettings
    let logger: Logger

    public init(store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, settings: BroadcastSettings,
                logger: Logger) {
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        self.settings = settings
        self.logger = logger
    }

    public enum Content: Sendable, Equatable {
        case template(MessageKind)
        /// The facilitator's own words; `{{sapaan}}` and `{{nama}}` in them are filled per household.
        case text(String)

        /// As the broadcast record keeps it.
        var recorded: String {
            switch self {
            case .template(let kind): "templat:\(kind.rawValue)"
            case .text(let text): text
            }
        }
    }

    public struct Request: Sendable {
        public var audience: BroadcastAudience
        /// As the facilitator wrote it, for the record.
        public var audienceText: String
        public var content: Content
        /// When to send; nil for now. Each group's send window and quiet times still apply.
        public var at: Date?
        /// The facilitator running it sees only their own groups.
        public var scope: AccessScope
        public var requestedBy: String

        public init(audience: BroadcastAudience, audienceText: String, content: Content, at: Date? = nil,
                    scope: AccessScope = .everything, requestedBy: String) {
            self.audience = audience
            self.audienceText = audienceText
            self.content = content
            self.at = at
            self.scope = scope
            self.requestedBy = requestedBy
        }
    }

    /// What a broadcast would do, before anything is stored.
    public struct Preview: Sendable {
        public let id: String
        public let request: Request
        /// One per phone, in due order.
        public let messages: [OutboxMessage]
        public let facilitatorID: Facilitator.ID?
        /// Households the broadcast reaches, directly or through their ketua kelompok.
        public let households: Int
        public let optedOut: Int
        /// Households with no phone and no ketua to relay through.
        public let unreachable: [Household.ID]
        /// Households whose group has no coming meeting to tell about (template broadcasts).
        public let withoutMeeting: [Household.ID]
        public let settings: BroadcastSettings

        public var phones: Int { messages.count }
        public var sms: [OutboxMessage] { messages.filter { $0.channel == .sms } }
        public var whatsApp: [OutboxMessage] { messages.filter { $0.channel == .whatsapp } }
        public var smsSegments: Int { sms.reduce(0) { $0 + $1.segments } }
        /// Messages per SMS encoding (`GSM-7`, `UCS-2`).
        public var encodings: [String: Int] { Dictionary(grouping: sms, by: \.encoding).mapValues(\.count) }
        public var estimatedCost: Int {
            settings.prices.cost(smsSegments: smsSegments, whatsAppMessages: whatsApp.count)
        }
        public var scheduledAt: Date? { messages.map(\.dueAt).min() }
        public var needsConfirmation: Bool { phones > settings.confirmAbove }
        public var samples: [OutboxMessage] { Array(messages.prefix(settings.previewCount)) }
    }

    // MARK: - Preview

    public func preview(_ request: Request, now: Date) async throws -> Preview {
        if case .template(let kind) = request.content, !Self.templateKinds.contains(kind) {
            throw BroadcastError(.templateNotForBroadcast(kind.rawValue))
        }
        if case .text(let text) = request.content, text.trimmingWhitespace().isEmpty { throw BroadcastError(.noContent) }
        let (groups, facilitatorID) = try await audienceGroups(request)
        let id = Self.newID(now: now)
        let facilitators = Dictionary(uniqueKeysWithValues: try await store.facilitators().map { ($0.id, $0) })
        let shared = try await store.sharedPhones()
        let unreachablePhones = Set(try await store.unreachableHouseholds().keys)

        var buckets: [PhoneNumber: Bucket] = [:]
        var order: [PhoneNumber] = []
        var households = 0
        var optedOut = 0
        var unreachable: [Household.ID] = []
        var withoutMeeting: [Household.ID] = []
        for group in groups {
            let all = try await store.households(in: .everything, groupID: group.id)
            let members = Dictionary(grouping: try await store.members(ofGroup: group.id, in: .everything), by: \.householdID)
            let chosen = all.filter { $0.status == .active && matches(request.audience, members: members[$0.id] ?? []) }
            optedOut += chosen.filter { $0.consent != .granted }.count
            let resolver = RecipientResolver(group: group, households: all, sharedPhones: shared, unreachable: unreachablePhones)
            guard let due = rules.policy.nextAllowed(from: LocalDateTime(max(request.at ?? now, now), in: group.zone)) else { continue }
            var expiry = due.instant(in: group.zone).addingTimeInterval(settings.expiresAfterHours * 3600)
            var values: TemplateValues = [:]
            var eventKey = "siaran/\(id)"
            if case .template = request.content {
                let changes = try await store.meetingChanges(groupID: group.id)
                let meeting = rules.meetingCalendar.meetings(of: group, from: due.date, through: due.date.adding(days: 120), changes: changes)
                    .first { $0.status != .cancelled && $0.start > due }
                guard let meeting else {
                    withoutMeeting += chosen.filter { $0.consent == .granted }.map(\.id)
                    continue
                }
                values = TemplateValues.meeting(meeting, due: due, wording: MessageWording(language: .indonesian))
                values["kelompok"] = .text(group.name)
                expiry = min(expiry, meeting.start.instant(in: group.zone))
                eventKey = meeting.id
            } else {
                values["pendamping"] = .text(facilitators[group.facilitatorID]?.name ?? "Pendamping PKH")
            }
            for household in chosen where household.consent == .granted {
                guard let recipient = resolver.recipient(for: household) else {
                    unreachable.append(household.id)
                    continue
                }
                households += 1
                let draft = Draft(household: household, members: members[household.id] ?? [], group: group, due: due,
                                  expiry: expiry, eventKey: eventKey, values: values)
                let phone = recipient.phone
                if buckets[phone] == nil {
                    buckets[phone] = Bucket()
                    order.append(phone)
                }
                if case .relay(let leader, _) = recipient {
                    buckets[phone]?.leader = (leader, members[leader.id] ?? [])
                    buckets[phone]?.relayed.append(draft)
                } else {
                    buckets[phone]?.direct.append(draft)
                }
            }
        }
        var messages: [OutboxMessage] = []
        for phone in order {
            if let bucket = buckets[phone], let message = try compose(bucket, phone: phone, id: id, content: request.content) {
                messages.append(message)
            }
        }
        messages.sort { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }
        return Preview(
            id: id, request: request, messages: messages, facilitatorID: facilitatorID, households: households, optedOut: optedOut,
            unreachable: unreachable, withoutMeeting: withoutMeeting, settings: settings)
    }

    /// Keeps the broadcast and puts its messages in the outbox. Refuses one above the
    /// confirmation size unless `confirmed`.
    public func send(_ preview: Preview, confirmed: Bool, now: Date) async throws -> Broadcast {
        guard !preview.messages.isEmpty else { throw BroadcastError(.noRecipients) }
        if preview.needsConfirmation && !confirmed {
            throw BroadcastError(.confirmationNeeded(phones: preview.phones, limit: settings.confirmAbove))
        }
        let broadcast = Broadcast(
            id: preview.id, createdBy: preview.request.requestedBy, createdAt: now, audience: preview.request.audienceText,
            facilitatorID: preview.facilitatorID, content: preview.request.content.recorded,
            scheduledAt: preview.scheduledAt ?? now, households: preview.households, messages: preview.phones,
            segments: preview.smsSegments, estimatedCost: preview.estimatedCost)
        // The record first: whatever reaches the outbox can then always be found and cancelled.
        try await store.recordBroadcast(broadcast)
        // An empty window: committing a broadcast never withdraws another one.
        let summary = try await store.commit(
            preview.messages, source: Self.source, groupID: nil, window: DateInterval(start: now, duration: 0), stale: [], at: now)
        logger.info("broadcast queued", metadata: [
            "broadcast.id": "\(broadcast.id)", "broadcast.messages": "\(summary.inserted)",
            "broadcast.households": "\(broadcast.households)", "broadcast.segments": "\(broadcast.segments)",
        ])
        return broadcast
    }

    /// Takes every message of the broadcast not yet sent out of the queue.
    public func cancel(id: String, by: String, now: Date) async throws -> BroadcastCancellation {
        guard let broadcast = try await store.broadcast(id: id) else { throw BroadcastError(.unknownBroadcast(id)) }
        if broadcast.state == .cancelled { throw BroadcastError(.alreadyCancelled(id)) }
        guard let result = try await store.cancelBroadcast(id: id, by: by, at: now) else {
            throw BroadcastError(.unknownBroadcast(id))
        }
        logger.info("broadcast cancelled", metadata: [
            "broadcast.id": "\(id)", "broadcast.cancelled": "\(result.cancelled)", "broadcast.underway": "\(result.underway)",
        ])
        return result
    }

    // MARK: - Audience

    private func audienceGroups(_ request: Request) async throws -> (groups: [Group], facilitatorID: Facilitator.ID?) {
        let visible = try await store.groups(in: request.scope)
        var scopeFacilitator: Facilitator.ID?
        if case .facilitator(let id) = request.scope { scopeFacilitator = id }
        switch request.audience {
        case .group(let id):
            guard let group = visible.first(where: { $0.id == id }) else { throw BroadcastError(.unknownGroup(id)) }
            return ([group], group.facilitatorID)
        case .facilitator(let id):
            guard try await store.facilitators().contains(where: { $0.id == id }) else {
                throw BroadcastError(.unknownFacilitator(id))
            }
            return (visible.filter { $0.facilitatorID == id }, id)
        case .everyone, .components:
            return (visible, scopeFacilitator)
        }
    }

    private func matches(_ audience: BroadcastAudience, members: [Member]) -> Bool {
        guard case .components(let wanted) = audience else { return true }
        return members.contains { $0.isActive && $0.component.map(wanted.contains) == true }
    }

    // MARK: - Messages

    private struct Draft {
        let household: Household
        let members: [Member]
        let group: Group
        let due: LocalDateTime
        let expiry: Date
        let eventKey: String
        let values: TemplateValues

        var dueAt: Date { due.instant(in: group.zone) }
    }

    /// Who one phone speaks for: households that own or share it, and households relayed
    /// through it (their ketua's phone).
    private struct Bucket {
        var direct: [Draft] = []
        var relayed: [Draft] = []
        var leader: (household: Household, members: [Member])?
    }

    private func kind(of content: Content) -> MessageKind {
        if case .template(let kind) = content { return kind }
        return .broadcast
    }

    private func values(for draft: Draft, content: Content) -> TemplateValues {
        var values = draft.values
        let greeting = TemplateValues.greeting(for: draft.household, members: draft.members)
        switch content {
        case .template(let kind):
            values.add(greeting)
            // Meeting values the kind does not use (`daring` for a schedule answer) are left out.
            let declared = Set(kind.variables.map(\.name))
            for name in values.names where !declared.contains(name) { values[name] = nil }
        case .text(let text):
            var filled = text
            for entry in greeting.entries {
                if case .text(let word) = entry.value { filled = filled.replacingOccurrences(of: "{{\(entry.name)}}", with: word) }
            }
            values["isi"] = .text(filled.trimmingWhitespace())
        }
        return values
    }

    private func language(_ kind: MessageKind, for household: Household) -> Household.Language {
        catalogue.hasOwnTemplate(kind, language: household.language) ? household.language : .indonesian
    }

    private func compose(_ bucket: Bucket, phone: PhoneNumber, id: String, content: Content) throws -> OutboxMessage? {
        let kind = kind(of: content)
        // A phone shared by several households gets the message once, addressed to the first.
        var parts: [String] = []
        var whatsAppTemplates: [WhatsAppTemplateCall] = []
        if let first = bucket.direct.first {
            let values = values(for: first, content: content)
            let rendered = try catalogue.render(kind, language: language(kind, for: first.household), values: values)
            parts.append(rendered.text)
            if bucket.relayed.isEmpty, let call = rendered.whatsApp {
                whatsAppTemplates = [WhatsAppTemplateCall(name: call.template.name, language: call.template.language,
                                                          parameters: call.parameters)]
            }
        }
        if let leader = bucket.leader, !bucket.relayed.isEmpty {
            let entries: [TemplateValues] = try bucket.relayed.map { draft in
                let text = try catalogue.text(kind, language: language(kind, for: draft.household), values: values(for: draft, content: content))
                return ["penerima": .text(TemplateValues.addressee(TemplateValues.greeting(for: draft.household, members: draft.members))),
                        "pesan": .text(text)]
            }
            var relay = TemplateValues.greeting(for: leader.household, members: leader.members)
            relay["titipan"] = .list(entries)
            relay["pendamping"] = bucket.relayed[0].values["pendamping"] ?? .text("Pendamping PKH")
            parts.append(try catalogue.text(.relayDigest, language: leader.household.language, values: relay))
        }
        let drafts = bucket.direct + bucket.relayed
        guard let first = drafts.first, !parts.isEmpty else { return nil }
        let speakers = bucket.direct.map(\.household) + (bucket.leader.map { [$0.household] } ?? [])
        let channel: Household.Channel = speakers.contains { $0.channel == .sms } ? .sms : .whatsapp
        return OutboxMessage.composed(
            key: "siaran/\(id)/\(first.household.id)", source: Self.source, text: parts.joined(separator: "\n"), phone: phone,
            channel: channel, language: speakers.first?.language ?? .indonesian, groupID: first.group.id,
            dueAt: drafts.map(\.dueAt).min() ?? first.dueAt, expiresAt: drafts.map(\.expiry).min() ?? first.expiry,
            priority: Self.priority,
            items: drafts.map { draft in
                OutboxItem(key: "siaran/\(id)/\(draft.household.id)", householdID: draft.household.id, eventKey: draft.eventKey,
                           eventAt: draft.dueAt, kind: kind.rawValue)
            },
            settings: catalogue.settings, whatsAppTemplates: whatsAppTemplates)
    }

    /// `SRN-20261208-4F2A`: the day in WIB and four random characters, short enough to type
    /// into `siaran batal`.
    static func newID(now: Date) -> String {
        let day = LocalDateTime(now, in: .wib).date
        let digits = String(format: "%04d%02d%02d", day.year, day.month, day.day)
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        let suffix = String((0..<4).map { _ in alphabet.randomElement() ?? "X" })
        return "SRN-\(digits)-\(suffix)"
    }
}
