import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatStore
import PengingatTemplates

/// Reads and answers the messages households send in. BERHENTI opts every household on the
/// number out at once (and is confirmed once), MULAI opts them back in, JADWAL is answered
/// with the next meeting, HADIR and IZIN are kept for the facilitator and acknowledged, and
/// anything else is kept and acknowledged once. Answers go through the outbox like every
/// message, and a number gets only a few answers an hour, so two auto-responders cannot loop.
public struct ReplyService: Sendable {
    /// The outbox rules know this source: answers are not counted against the daily cap.
    public static let source = ClaimedMessage.replySource
    /// Answers go before everything else: the household is waiting for them.
    static let priority = 0

    let store: any PengingatStore
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let settings: ReplySettings
    let logger: Logger

    public init(store: any PengingatStore, rules: PlanningRules, catalogue: TemplateCatalogue, settings: ReplySettings,
                logger: Logger) {
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        self.settings = settings
        self.logger = logger
    }

    /// A message as a gateway handed it over (the one shape every gateway's webhook hands on).
    public typealias Inbound = InboundMessage

    public struct Outcome: Sendable {
        public let reply: Reply
        /// The gateway delivered this message before; nothing new was done.
        public let duplicate: Bool
        /// Households whose consent this message changed.
        public let consentChanged: [Household.ID]
        /// The answer put in the outbox, if any.
        public let answer: OutboxMessage?
    }

    public func receive(_ inbound: Inbound) async throws -> Outcome {
        let intent = ReplyKeywords.intent(of: inbound.text)
        let households = try await store.households(withPhone: inbound.from)
        let id = Self.replyID(inbound)

        var consentChanged: [Household.ID] = []
        switch intent {
        case .optOut:
            for household in households where household.consent == .granted {
                if try await store.recordConsent(.optedOut, householdID: household.id) { consentChanged.append(household.id) }
            }
        case .optIn:
            for household in households where household.consent == .optedOut {
                if try await store.recordConsent(.granted, householdID: household.id) { consentChanged.append(household.id) }
            }
        default:
            break
        }

        var reply = Reply(
            id: id, receivedAt: inbound.receivedAt, gateway: inbound.gateway, providerID: inbound.providerID, phone: inbound.from,
            householdIDs: households.map(\.id), groupID: (households.first { $0.status == .active } ?? households.first)?.groupID,
            text: inbound.text, intent: intent)
        var answer: OutboxMessage?
        let answerWindow = Double(settings.answerWindowMinutes) * 60
        let earlier = households.isEmpty ? [] : try await store.replies(
            from: inbound.from, since: inbound.receivedAt.addingTimeInterval(-max(answerWindow, settings.acknowledgeOncePerHours * 3600)))
            .filter { $0.id != id }
        let meeting = intent == .schedule ? try await nextMeeting(for: households, after: inbound.receivedAt) : nil
        if let kind = answerKind(intent, households: households, consentChanged: consentChanged, knowsNextMeeting: meeting != nil,
                                 earlier: earlier, at: inbound.receivedAt) {
            let answeredLately = earlier.filter {
                $0.response == .answered && $0.receivedAt >= inbound.receivedAt.addingTimeInterval(-answerWindow)
            }
            if answeredLately.count >= settings.maxAnswersPerWindow {
                reply.response = .rateLimited
            } else {
                answer = try await compose(kind, replyID: id, households: households, meeting: meeting, inbound: inbound)
                if let answer {
                    reply.response = .answered
                    reply.responseKind = kind.rawValue
                    reply.responseKey = answer.key
                }
            }
        }

        let isNew = try await store.recordReply(reply)
        if isNew, let answer {
            _ = try await store.commit(
                [answer], source: Self.source, groupID: nil, window: DateInterval(start: inbound.receivedAt, duration: 0), stale: [],
                at: inbound.receivedAt)
        }
        logger.info("reply received", metadata: [
            "reply.id": "\(id)", "reply.gateway": "\(inbound.gateway)", "reply.from": "\(inbound.from.masked)",
            "reply.intent": "\(intent.code)", "reply.response": "\(isNew ? reply.response.rawValue : "duplikat")",
            "reply.households": "\(households.count)",
        ])
        return Outcome(reply: reply, duplicate: !isNew, consentChanged: consentChanged, answer: isNew ? answer : nil)
    }

    /// What to answer, if anything. Numbers not in the roster get no answer (it could be
    /// anyone, or a machine); a number whose households all asked to stop hears only the
    /// answers to BERHENTI and MULAI.
    func answerKind(
        _ intent: ReplyIntent, households: [Household], consentChanged: [Household.ID], knowsNextMeeting: Bool, earlier: [Reply],
        at instant: Date
    ) -> MessageKind? {
        guard !households.isEmpty else { return nil }
        switch intent {
        case .optOut: return consentChanged.isEmpty ? nil : .optOutConfirmation
        case .optIn: return consentChanged.isEmpty ? nil : .optInConfirmation
        default: break
        }
        guard households.contains(where: { $0.consent == .granted && $0.status == .active }) else { return nil }
        if intent == .schedule && knowsNextMeeting { return .scheduleAnswer }
        // HADIR, IZIN, free text, and JADWAL without a known next meeting: acknowledged once a
        // day; the facilitator reads them.
        let since = instant.addingTimeInterval(-settings.acknowledgeOncePerHours * 3600)
        let acknowledged = earlier.contains {
            $0.responseKind == MessageKind.replyAcknowledgement.rawValue && $0.receivedAt >= since
        }
        return acknowledged ? nil : .replyAcknowledgement
    }

    func compose(
        _ kind: MessageKind, replyID: String, households: [Household], meeting next: (Group, Meeting)?, inbound: Inbound
    ) async throws -> OutboxMessage? {
        guard let household = households.first(where: { $0.status == .active }) ?? households.first else { return nil }
        let language = catalogue.hasOwnTemplate(kind, language: household.language) ? household.language : .indonesian
        let members = try await store.members(ofHousehold: household.id, in: .everything)
        var values = TemplateValues.greeting(for: household, members: members)
        if kind == .scheduleAnswer, let (group, meeting) = next {
            let wording = MessageWording(language: language)
            values["kelompok"] = .text(group.name)
            values["tanggal"] = .text(wording.dateWithWeekday(meeting.start.date))
            values["jam"] = .text(wording.time(meeting.start.time, zone: meeting.zone))
            values["tempat"] = .text(meeting.place)
            if let session = meeting.session { values["topik"] = .text(session.shortTitle(in: language)) }
        }
        let rendered = try catalogue.render(kind, language: language, values: values)
        // The opt-out confirmation carries no household: the dispatcher refuses messages for
        // opted-out households, and this one must still go, once.
        let items = kind == .optOutConfirmation ? [] : households.map { household in
            OutboxItem(key: "balasan/\(replyID)/\(household.id)", householdID: household.id, eventKey: "balasan/\(replyID)",
                       eventAt: inbound.receivedAt, kind: kind.rawValue)
        }
        return OutboxMessage.composed(
            key: "balasan/\(replyID)", source: Self.source, text: rendered.text, phone: inbound.from, channel: inbound.channel,
            language: language, groupID: household.groupID, dueAt: inbound.receivedAt,
            expiresAt: inbound.receivedAt.addingTimeInterval(settings.answerExpiresAfterHours * 3600), priority: Self.priority,
            items: items, settings: catalogue.settings)
    }

    /// The next meeting, not cancelled, of the first active household's group.
    func nextMeeting(for households: [Household], after instant: Date) async throws -> (Group, Meeting)? {
        guard let household = households.first(where: { $0.status == .active }),
              let group = try await store.group(id: household.groupID, in: .everything)
        else { return nil }
        let today = LocalDateTime(instant, in: group.zone)
        let meetings = rules.meetingCalendar.meetings(
            of: group, from: today.date, through: today.date.adding(days: 62), changes: try await store.meetingChanges(groupID: group.id))
        return meetings.first { $0.status != .cancelled && $0.start > today }.map { (group, $0) }
    }

    /// Stable for a gateway's message id, so a retried webhook maps to the same reply and the
    /// same answer key; otherwise the instant and the number make it unique enough.
    static func replyID(_ inbound: Inbound) -> String {
        if let providerID = inbound.providerID, !providerID.isEmpty {
            return "\(inbound.gateway)-\(stableHash(providerID))"
        }
        let milliseconds = Int(inbound.receivedAt.timeIntervalSince1970 * 1000)
        return "\(inbound.gateway)-\(milliseconds)-\(stableHash(inbound.from.e164 + inbound.text))"
    }

    /// FNV-1a, as eight hex digits: the same on every run and machine (Swift's `hashValue` is not).
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(format: "%08x", UInt32(truncatingIfNeeded: hash ^ (hash >> 32)))
    }
}
