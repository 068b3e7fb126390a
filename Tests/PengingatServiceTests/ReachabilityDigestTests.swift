import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTemplates
import Synchronization
import PengingatTestSupport
import Testing

/// A gateway that keeps every message it is given, e-mail envelope included.
final class CapturingGateway: Gateway, Sendable {
    let name: String
    private let messages = Mutex<[(id: String, text: String, email: String?, subject: String?)]>([])

    init(_ name: String) { self.name = name }

    func send(_ message: GatewayMessage) async -> GatewayResult {
        messages.withLock { $0.append((message.id, message.text, message.email?.address, message.email?.subject)) }
        return GatewayResult(outcome: .accepted(providerID: nil), httpStatus: 200, latency: 0.001)
    }

    var sent: [(id: String, text: String, email: String?, subject: String?)] { messages.withLock { $0 } }
}

@Suite("Reachability")
struct ReachabilityTests {
    typealias F = PlannerFixture
    static let start = F.instant("2026-12-01 17:00")

    @Test("three misses in a row make a phone unreachable; anything that reaches it starts over; old evidence is forgotten")
    func verdicts() {
        let rules = ReachabilityRules(failuresInARow: 3, window: 30 * 86_400)
        func at(_ day: Int) -> Date { Self.start.addingTimeInterval(TimeInterval(day) * 86_400) }
        let misses = [PhoneOutcome(at: at(0), result: .failed), PhoneOutcome(at: at(1), result: .unconfirmed),
                      PhoneOutcome(at: at(2), result: .failed)]
        #expect(rules.verdict(misses, now: at(3)) == .unreachable(misses: 3, since: at(0)))
        #expect(rules.verdict(Array(misses.prefix(2)), now: at(3)) == .reachable)
        #expect(rules.verdict(misses + [PhoneOutcome(at: at(2).addingTimeInterval(3600), result: .reached)],
                              now: at(3)) == .reachable)
        #expect(rules.verdict(misses, now: at(31)) == .reachable, "after the window the phone is tried again")
        #expect(rules.verdict(misses.reversed(), now: at(3)) == .unreachable(misses: 3, since: at(0)), "order of the evidence does not matter")
    }

    /// H1's phone failed three times in a row; the ketua is H9.
    static func storeWithFailures(_ count: Int = 3) async throws -> SQLiteStore {
        let store = try await F.store(households: [
            Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567891"), groupID: "G1", rw: "01"),
            Household(id: "H9", caregiverName: "Wati", phone: F.phone("081234567899"), groupID: "G1", rw: "01"),
        ], leader: "H9")
        for index in 0..<count {
            try await Self.sendAndEnd(store, key: "m\(index)", phone: "081234567891", at: Self.start.addingTimeInterval(TimeInterval(index) * 86_400),
                                      consequence: .failed)
        }
        return store
    }

    static func sendAndEnd(_ store: SQLiteStore, key: String, phone: String, at: Date, consequence: AttemptRecord.Consequence) async throws {
        let message = OutboxMessage(
            key: key, source: "planner", phone: F.phone(phone), channel: .sms, language: .indonesian, groupID: "G1", dueAt: at,
            expiresAt: at.addingTimeInterval(86_400), priority: 5, text: "x", segments: 1, encoding: "GSM-7",
            items: [OutboxItem(key: key, householdID: "H1", eventKey: "e", eventAt: at, kind: "p2k2-reminder-day-before")])
        _ = try await store.commit([message], source: "planner", groupID: "G1", window: DateInterval(start: at, duration: 0), stale: [], at: at)
        let claimed = try await store.claim(now: at, limit: 10, owner: "t", leaseUntil: at.addingTimeInterval(60))
        #expect(claimed.map(\.key).contains(key))
        _ = try await store.finishAttempt(AttemptRecord(key: key, owner: "t", gateway: "sms", at: at, httpStatus: 400, latency: 0.1,
                                                    error: "HTTP 400 invalid destination", consequence: consequence))
    }

    @Test("a household whose phone stopped working is judged unreachable once, gets a home-visit task, and its messages go through the ketua")
    func unreachableHousehold() async throws {
        let store = try await Self.storeWithFailures()
        let service = ReachabilityService(store: store, logger: Logger(label: "test"))
        let now = F.instant("2026-12-08 05:00")
        let changes = try await service.refresh(now: now)
        #expect(changes.becameUnreachable.map(\.householdID) == ["H1"])
        #expect(changes.becameUnreachable.first?.reason.contains("3 pesan terakhir") == true)
        #expect(changes.becameUnreachable.first?.reason.contains("081234567891") == false, "the number is masked")
        #expect(changes.tasksAdded == 1)
        let again = try await service.refresh(now: now.addingTimeInterval(3600))
        #expect(again.becameUnreachable.isEmpty && again.tasksAdded == 0, "noticed once")

        // Motivation for H1 now goes to the ketua's phone as a relay.
        let attendance = AttendanceService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), logger: Logger(label: "test"))
        _ = try await attendance.record(meetingID: "G1/2026-12", absent: ["H1"], excused: [:], recordedBy: "Rina",
                                        now: F.instant("2026-12-08 12:00"))
        let motivation = try #require(try await store.outboxMessage(key: "motivasi/G1/2026-12/H1"))
        #expect(motivation.phone == F.phone("081234567899"))
        #expect(motivation.text.contains("Ibu Wati") && motivation.text.contains("Ani"))

        // And the planner relays H1's reminders too.
        let planned = try await PlannerFixture.collect(try F.planner(store), .init(now: F.instant("2027-01-01 00:00"), days: 12))
        #expect(planned.contains { $0.householdIDs.contains("H1") })
        #expect(!planned.contains { $0.phone == F.phone("081234567891") })
    }

    @Test("a delivery report from the phone makes the household reachable again")
    func reachableAgain() async throws {
        let store = try await Self.storeWithFailures()
        let service = ReachabilityService(store: store, logger: Logger(label: "test"))
        _ = try await service.refresh(now: F.instant("2026-12-08 05:00"))
        try await Self.sendAndEnd(store, key: "ok", phone: "081234567891", at: F.instant("2026-12-09 07:00"),
                                  consequence: .accepted(providerID: "p1"))
        _ = try await store.applyReport(DeliveryReport(match: .key("ok"), state: .delivered, at: F.instant("2026-12-09 07:01"), detail: "DLR 1"))
        let changes = try await service.refresh(now: F.instant("2026-12-10 05:00"))
        #expect(changes.reachableAgain == ["H1"])
        #expect(try await store.unreachableHouseholds().isEmpty)
    }

    @Test("two misses are not enough")
    func twoMisses() async throws {
        let store = try await Self.storeWithFailures(2)
        #expect(try await ReachabilityService(store: store, logger: Logger(label: "test")).refresh(now: F.instant("2026-12-08 05:00"))
            .becameUnreachable.isEmpty)
    }
}

@Suite("Facilitator digest")
struct DigestTests {
    typealias F = PlannerFixture

    static func service(_ store: SQLiteStore, channel: DigestSettings.Channel = .auto) throws -> DigestService {
        DigestService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), settings: DigestSettings(channel: channel),
                      logger: Logger(label: "test"))
    }

    /// The facilitator F1 has a phone and an e-mail; H1's phone failed three times.
    static func store() async throws -> SQLiteStore {
        let store = try await ReachabilityTests.storeWithFailures()
        _ = try await store.apply(RosterUpdate(facilitators: [
            Facilitator(id: "F1", name: "Rina", phone: F.phone("081300000001"), email: "rina@example.org"),
        ]))
        _ = try await store.commitTasks([FacilitatorTask(key: "t1", kind: .homeVisit, facilitatorID: "F1", householdID: "H9",
                                                     due: CalendarDate(iso: "2026-12-07")!, reason: "Kunjungan rumah bulanan")])
        return store
    }

    @Test("on a meeting day the digest lists the meeting, the visit, the household that became unreachable and the failed message")
    func content() async throws {
        let store = try await Self.store()
        // Tuesday 8 December: G1 meets at 09.00. A message failed last evening, within the digest's day.
        try await ReachabilityTests.sendAndEnd(store, key: "late", phone: "081234567891", at: F.instant("2026-12-07 17:00"),
                                               consequence: .failed)
        let digests = try await Self.service(store).run(now: F.instant("2026-12-08 06:00"))
        let digest = try #require(digests.first)
        #expect(digest.meetings == [DigestService.Line(subject: "Anggrek", detail: "09.00 WIB di Aula Kelurahan")])
        #expect(digest.visits.map(\.subject) == ["Wati (H9)", "Ani (H1)"], "the unreachable household is on the visit list too")
        #expect(digest.unreachable.map(\.subject) == ["Ani (H1)"])
        #expect(digest.failed.map(\.subject) == ["Ani (H1)"])
        #expect(digest.failed.first?.detail.contains("HTTP 400") == true)
        #expect(digest.text.hasPrefix("Ringkasan Selasa, 8 Desember 2026 untuk Rina"))
        #expect(digest.text.contains("- Anggrek, pukul 09.00 WIB di Aula Kelurahan"))
        #expect(!digest.text.contains("081234567891"))
        let message = try #require(digest.message)
        #expect(message.email == EmailEnvelope(address: "rina@example.org", subject: "Ringkasan Pengingat PKH, Selasa, 8 Desember 2026"))
        #expect(message.dueAt == F.instant("2026-12-08 06:00"))
        #expect(message.expiresAt == F.instant("2026-12-09 00:00"))
    }

    @Test("made once a day at 06.00 in the facilitator's zone, not before, and never twice")
    func timing() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        #expect(try await service.run(now: F.instant("2026-12-08 05:59")).isEmpty)
        #expect(try await service.run(now: F.instant("2026-12-08 06:01")).count == 1)
        #expect(try await service.run(now: F.instant("2026-12-08 09:00")).isEmpty)
        #expect(try await store.outboxMessage(key: "ringkasan/F1/2026-12-08") != nil)
        #expect(DigestScheduler.nextDigestTime(after: F.instant("2026-12-08 06:01"), at: service.time) == F.instant("2026-12-09 04:00"),
                "06.00 WIT is 04.00 WIB")
    }

    @Test("the dispatcher sends an e-mail digest through the e-mail gateways and a phone digest through the phone's")
    func routing() async throws {
        for channel in [DigestSettings.Channel.auto, .whatsapp] {
            let store = try await Self.store()
            _ = try await Self.service(store, channel: channel).run(now: F.instant("2026-12-08 06:00"))
            let mail = CapturingGateway("mail")
            let phone = CapturingGateway("wa")
            let clock = TestClock(F.instant("2026-12-08 06:00"))
            let dispatcher = Dispatcher(
                store: store, gateways: GatewayRegistry(gateways: [mail, phone]),
                configuration: .init(concurrency: 2, channels: [.sms: ["wa"], .whatsapp: ["wa"]], maxMessagesPerPhonePerDay: 0,
                                     emailGateways: ["mail"]),
                logger: Logger(label: "test"), now: { clock.now })
            _ = try await dispatcher.drain()
            if channel == .auto {
                #expect(mail.sent.map(\.email) == ["rina@example.org"], "an e-mail is not held by the phone's daily cap")
                #expect(phone.sent.isEmpty)
            } else {
                #expect(mail.sent.isEmpty)
                #expect(phone.sent.isEmpty, "a phone digest counts towards the phone's daily cap, here 0")
            }
        }
    }
}
