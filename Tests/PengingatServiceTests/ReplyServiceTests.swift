import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import Testing

/// Replies on the group of `PlannerFixture` ("Selasa ke-2 09.00" WIB: 8 December 2026 09.00).
@Suite("Replies")
struct ReplyServiceTests {
    typealias F = PlannerFixture
    static let ani = F.phone("081234567891")
    static let budi = F.phone("081234567892")
    static let cucu = F.phone("081234567893")
    static let stranger = F.phone("089912345678")

    /// H1 Ani by SMS, H2 Budi (a man) by WhatsApp, H3 Cucu (Sundanese) by SMS, H9 Wati the ketua.
    static func store() async throws -> SQLiteStore {
        try await F.store(households: [
            Household(id: "H1", caregiverName: "Ani", phone: ani, groupID: "G1", rw: "01"),
            Household(id: "H2", caregiverName: "Budi", phone: budi, channel: .whatsapp, groupID: "G1", rw: "01"),
            Household(id: "H3", caregiverName: "Cucu", phone: cucu, language: .sundanese, groupID: "G1", rw: "01"),
            Household(id: "H9", caregiverName: "Wati", phone: F.phone("081234567899"), groupID: "G1", rw: "01"),
        ], members: [Member(householdID: "H2", name: "Budi", sex: .male)], leader: "H9")
    }

    static func service(_ store: SQLiteStore, settings: ReplySettings = ReplySettings()) throws -> ReplyService {
        ReplyService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), settings: settings, logger: Logger(label: "test"))
    }

    static func inbound(_ text: String, from phone: PhoneNumber = ani, at: String = "2026-12-02 10:00", id: String? = nil,
                        channel: Household.Channel = .sms) -> ReplyService.Inbound {
        .init(gateway: channel == .sms ? "kannel" : "whatsapp", providerID: id, from: phone, text: text, receivedAt: F.instant(at),
              channel: channel)
    }

    static func everything(_ store: SQLiteStore) async throws -> [OutboxMessage] {
        try await store.outboxMessages(dueIn: DateInterval(start: .distantPast, end: .distantFuture), groupID: nil)
    }

    @Test("BERHENTI opts the household out at once and is confirmed once; the confirmation still goes out")
    func optOutConfirmedOnce() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let first = try await service.receive(Self.inbound(" Berhenti."))
        #expect(first.reply.intent == .optOut)
        #expect(first.consentChanged == ["H1"])
        #expect(try await store.household(id: "H1", in: .everything)?.consent == .optedOut)
        let confirmation = try #require(first.answer)
        #expect(confirmation.text.hasPrefix("Ibu Ani, baik, pesan pengingat PKH tidak akan dikirim lagi"))
        #expect(confirmation.items.isEmpty, "carries no household, so the opt-out itself does not hold it back")
        #expect(confirmation.source == ReplyService.source && confirmation.dueAt == F.instant("2026-12-02 10:00"))

        let again = try await service.receive(Self.inbound("STOP", at: "2026-12-02 10:05"))
        #expect(again.consentChanged.isEmpty && again.answer == nil && again.reply.response == .silent, "confirmed once only")

        // The confirmation is sent, even though the household has opted out.
        let gateway = CapturingGateway("sms")
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway]),
            configuration: .init(concurrency: 1, channels: [.sms: ["sms"], .whatsapp: ["sms"]], maxMessagesPerPhonePerDay: 0),
            logger: Logger(label: "test"), now: { F.instant("2026-12-02 10:06") })
        _ = try await dispatcher.drain()
        #expect(gateway.sent.map(\.id) == [confirmation.key], "an answer is not held by the daily cap (here 0)")
        // Kept in the log: the reply, with what it did.
        let kept = try await store.replies(from: Self.ani, since: .distantPast)
        #expect(kept.map(\.response) == [.answered, .silent])
        #expect(kept.first?.responseKind == MessageKind.optOutConfirmation.rawValue)
    }

    @Test("an opt-out is honoured by reminders, motivation and broadcasts, also by messages queued before it")
    func optOutHonouredEverywhere() async throws {
        let store = try await Self.store()
        // A broadcast queued at 09.00 for 11.00, before Ani says stop at 10.00.
        let broadcasts = BroadcastService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), settings: BroadcastSettings(),
                                          logger: Logger(label: "test"))
        let early = try await broadcasts.preview(
            .init(audience: try BroadcastAudience.parse("kelompok:G1"), audienceText: "kelompok:G1",
                  content: .text("{{sapaan}} {{nama}}, pencairan PKH mulai Senin."), at: F.instant("2026-12-02 11:00"),
                  requestedBy: "Rina"),
            now: F.instant("2026-12-02 09:00"))
        #expect(early.messages.contains { $0.phone == Self.ani })
        let broadcast = try await broadcasts.send(early, confirmed: true, now: F.instant("2026-12-02 09:00"))

        _ = try await Self.service(store).receive(Self.inbound("stop"))

        // Reminders: the planner leaves Ani out.
        let planned = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-03 00:00"), days: 10))
        #expect(!planned.isEmpty)
        #expect(!planned.contains { $0.householdIDs.contains("H1") || $0.phone == Self.ani })
        // Motivation: none for Ani after a missed meeting.
        let attendance = AttendanceService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), logger: Logger(label: "test"))
        let outcome = try await attendance.record(meetingID: "G1/2026-12", absent: ["H1", "H2"], excused: [:], recordedBy: "Rina",
                                                  now: F.instant("2026-12-08 12:00"))
        #expect(outcome.levels["H1"] == .firstMiss && outcome.levels["H2"] == .firstMiss)
        #expect(try await store.outboxMessage(key: "motivasi/G1/2026-12/H1") == nil)
        #expect(try await store.outboxMessage(key: "motivasi/G1/2026-12/H2") != nil)
        // Broadcasts: a new one leaves Ani out, and the one already queued is not sent to her.
        let later = try await broadcasts.preview(
            .init(audience: try BroadcastAudience.parse("kelompok:G1"), audienceText: "kelompok:G1",
                  content: .text("Halo"), requestedBy: "Rina"),
            now: F.instant("2026-12-02 10:30"))
        #expect(!later.messages.contains { $0.phone == Self.ani })
        let gateway = CapturingGateway("sms")
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway]),
            configuration: .init(concurrency: 1, channels: [.sms: ["sms"], .whatsapp: ["sms"]], maxMessagesPerPhonePerDay: 10),
            logger: Logger(label: "test"), now: { F.instant("2026-12-02 11:00") })
        _ = try await dispatcher.drain()
        let sent = Set(gateway.sent.map(\.id))
        let queuedForAni = try #require(try await Self.everything(store).first { $0.key.hasPrefix("siaran/\(broadcast.id)/") && $0.phone == Self.ani })
        #expect(!sent.contains(queuedForAni.key))
        #expect(try await store.outboxMessage(key: queuedForAni.key)?.state == .optedOut)
        #expect(sent.contains { $0.hasPrefix("siaran/\(broadcast.id)/") }, "the others still get the broadcast")
    }

    @Test("MULAI opts back in, is confirmed, and reminders resume")
    func optBackIn() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        _ = try await service.receive(Self.inbound("BERHENTI"))
        let back = try await service.receive(Self.inbound("Mulai lagi", at: "2026-12-02 11:30"))
        #expect(back.consentChanged == ["H1"])
        #expect(try await store.household(id: "H1", in: .everything)?.consent == .granted)
        let answer = try #require(back.answer)
        #expect(answer.text.contains("akan dikirim lagi") && answer.items.map(\.householdID) == ["H1"])
        let planned = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-03 00:00"), days: 10))
        #expect(planned.contains { $0.phone == Self.ani })
        // MULAI from a household that never stopped changes nothing and says nothing.
        let needless = try await service.receive(Self.inbound("MULAI", from: Self.budi, channel: .whatsapp))
        #expect(needless.consentChanged.isEmpty && needless.answer == nil)
    }

    @Test("JADWAL is answered with the next meeting, in the household's language and by the channel it wrote on")
    func schedule() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let budi = try #require(try await service.receive(Self.inbound("jadwal?", from: Self.budi, channel: .whatsapp)).answer)
        #expect(budi.channel == .whatsapp && budi.phone == Self.budi)
        #expect(budi.text.hasPrefix("Bapak Budi, P2K2 berikutnya: Selasa, 8 Desember 2026 pukul 09.00 WIB di Aula Kelurahan."))
        let cucu = try #require(try await service.receive(Self.inbound("Jadwalna iraha?", from: Self.cucu)).answer)
        #expect(cucu.text.hasPrefix("Ibu Cucu, P2K2 salajengna: Salasa, 8 Désémber 2026 tabuh 09.00 WIB"), "\(cucu.text)")
        #expect(cucu.channel == .sms && cucu.language == .sundanese)
        // After the December meeting, the January one.
        let january = try #require(try await service.receive(Self.inbound("JADWAL", at: "2026-12-08 10:00")).answer)
        #expect(january.text.contains("Januari 2027"))
    }

    @Test("HADIR, IZIN and free text are kept and acknowledged once a day")
    func acknowledgedOnce() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let first = try await service.receive(Self.inbound("Bu, anak saya sakit panas"))
        #expect(first.reply.intent == .other)
        #expect(first.answer?.text == "Ibu Ani, terima kasih, pesan Ibu sudah kami terima dan akan dibaca pendamping.")
        let second = try await service.receive(Self.inbound("IZIN anak sakit", at: "2026-12-02 10:10"))
        #expect(second.reply.intent == .excused(reason: "anak sakit") && second.answer == nil && second.reply.response == .silent)
        let nextDay = try await service.receive(Self.inbound("HADIR", at: "2026-12-03 10:30"))
        #expect(nextDay.reply.intent == .attending && nextDay.answer != nil)
        let unread = try await store.replies(in: .facilitator("F1"), unhandledOnly: true, since: nil, limit: 10)
        #expect(unread.map(\.text) == ["HADIR", "IZIN anak sakit", "Bu, anak saya sakit panas"])
    }

    @Test("a reply loop with an auto-responder is stopped by the answer limit, and the number is answered again later")
    func loopStopped() async throws {
        let store = try await Self.store()
        let service = try Self.service(store, settings: ReplySettings(maxAnswersPerWindow: 3, answerWindowMinutes: 60))
        // A machine at the other end asks JADWAL after each answer it gets.
        var answered = 0
        for minute in 0..<10 {
            let outcome = try await service.receive(Self.inbound("JADWAL", at: "2026-12-02 10:0\(minute)"))
            if outcome.answer != nil { answered += 1 }
        }
        #expect(answered == 3)
        let kept = try await store.replies(from: Self.ani, since: .distantPast)
        #expect(kept.count == 10, "every message is kept")
        #expect(kept.filter { $0.response == .rateLimited }.count == 7)
        #expect(try await Self.everything(store).count == 3)
        let later = try await service.receive(Self.inbound("JADWAL", at: "2026-12-02 11:30"))
        #expect(later.answer != nil)
    }

    @Test("a number not in the roster is kept for the coordinator and never answered, even BERHENTI")
    func unknownNumber() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        for text in ["BERHENTI", "JADWAL", "promo pulsa murah"] {
            let outcome = try await service.receive(Self.inbound(text, from: Self.stranger))
            #expect(outcome.answer == nil && outcome.reply.householdIDs.isEmpty && outcome.consentChanged.isEmpty)
        }
        #expect(try await Self.everything(store).isEmpty)
        #expect(try await store.replies(in: .everything, unhandledOnly: true, since: nil, limit: 10).count == 3)
        #expect(try await store.replies(in: .facilitator("F1"), unhandledOnly: true, since: nil, limit: 10).isEmpty)
    }

    @Test("a webhook delivered twice is handled once")
    func duplicateDelivery() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let first = try await service.receive(Self.inbound("JADWAL", id: "wamid.1", channel: .whatsapp))
        let retry = try await service.receive(Self.inbound("JADWAL", at: "2026-12-02 10:01", id: "wamid.1", channel: .whatsapp))
        #expect(!first.duplicate && retry.duplicate && retry.answer == nil)
        #expect(try await Self.everything(store).count == 1)
        #expect(try await store.replies(from: Self.ani, since: .distantPast).count == 1)
    }

    @Test("an absent household that said IZIN before the meeting is recorded as excused, with its reason")
    func izinBecomesExcused() async throws {
        let store = try await Self.store()
        _ = try await Self.service(store).receive(Self.inbound("izin bu, anak sakit", from: Self.cucu, at: "2026-12-07 19:00"))
        // An IZIN for an earlier meeting does not excuse this one.
        _ = try await Self.service(store).receive(Self.inbound("IZIN kerja", from: Self.budi, at: "2026-11-01 19:00", channel: .whatsapp))
        let attendance = AttendanceService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), logger: Logger(label: "test"))
        let outcome = try await attendance.record(meetingID: "G1/2026-12", absent: ["H2", "H3"], excused: [:], recordedBy: "Rina",
                                                  now: F.instant("2026-12-08 12:00"))
        #expect(outcome.levels == ["H3": .excused, "H2": .firstMiss])
        #expect(outcome.excused == 1 && outcome.absent == 1)
        let record = try #require(try await store.attendance(meetingID: "G1/2026-12").first { $0.householdID == "H3" })
        #expect(record.status == .excused && record.reason == "izin lewat pesan: anak sakit")
    }

    @Test("a reply from a phone judged unreachable makes its household reachable again")
    func replyIsReach() async throws {
        let store = try await ReachabilityTests.storeWithFailures()
        let reachability = ReachabilityService(store: store, logger: Logger(label: "test"))
        #expect(try await reachability.refresh(now: F.instant("2026-12-08 05:00")).becameUnreachable.map(\.householdID) == ["H1"])
        _ = try await Self.service(store).receive(Self.inbound("HADIR", at: "2026-12-08 07:00"))
        #expect(try await reachability.refresh(now: F.instant("2026-12-08 08:00")).reachableAgain == ["H1"])
    }

    @Test("the facilitator's morning digest lists the replies of the last day not yet handled")
    func digestListsReplies() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        _ = try await service.receive(Self.inbound("IZIN anak sakit", from: Self.cucu, at: "2026-12-07 19:00"))
        _ = try await service.receive(Self.inbound("berhenti", at: "2026-12-07 20:00"))
        _ = try await service.receive(Self.inbound("Bu, bantuan\nkapan cair?", from: Self.budi, at: "2026-12-07 21:00", channel: .whatsapp))
        _ = try await service.receive(Self.inbound("JADWAL", from: Self.budi, at: "2026-12-06 10:00", channel: .whatsapp))
        _ = try await service.receive(Self.inbound("siapa ini", from: Self.stranger, at: "2026-12-07 20:30"))
        let handled = try #require(try await store.replies(from: Self.budi, since: F.instant("2026-12-07 00:00")).first)
        _ = try await store.markReplyHandled(id: handled.id, by: "Rina", at: F.instant("2026-12-07 22:00"), in: .facilitator("F1"))

        let digests = try await DigestTests.service(store).run(now: F.instant("2026-12-08 06:00"), queue: false)
        let digest = try #require(digests.first)
        #expect(digest.replies == [
            DigestService.Line(subject: "Cucu (H3)", detail: "izin (anak sakit): \"IZIN anak sakit\""),
            DigestService.Line(subject: "Ani (H1)", detail: "minta berhenti: \"berhenti\""),
        ], "oldest first; handled, older and unknown numbers' replies left out")
        #expect(digest.text.contains("Balasan KPM yang belum ditangani:\n- Cucu (H3): izin (anak sakit)"))
    }
}
