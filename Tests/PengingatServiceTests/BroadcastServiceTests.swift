import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTemplates
import PengingatTestSupport
import Testing

/// Broadcasts on the group of `PlannerFixture` ("Selasa ke-2 09.00", WIB).
@Suite("Broadcasts")
struct BroadcastServiceTests {
    typealias F = PlannerFixture

    /// H1 and H5 share one phone; H2 reads WhatsApp; H3 said stop; H4 has no phone and is
    /// reached through the ketua, H9, who is also in the group. H2 is pregnant; H9 cares for an elder.
    static func store() async throws -> SQLiteStore {
        let store = try await F.store(households: [
            Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567891"), groupID: "G1", rw: "01"),
            Household(id: "H2", caregiverName: "Budi", phone: F.phone("081234567892"), channel: .whatsapp, groupID: "G1", rw: "01"),
            Household(id: "H3", caregiverName: "Cucu", phone: F.phone("081234567893"), groupID: "G1", rw: "01", consent: .optedOut),
            Household(id: "H4", caregiverName: "Dedeh", phone: nil, groupID: "G1", rw: "01"),
            Household(id: "H5", caregiverName: "Euis", phone: F.phone("081234567891"), groupID: "G1", rw: "01"),
            Household(id: "H9", caregiverName: "Wati", phone: F.phone("081234567899"), groupID: "G1", rw: "01"),
        ], members: [
            Member(householdID: "H2", name: "Budi", sex: .male),
            Member(householdID: "H2", name: "Sinta", relation: "Istri", component: .pregnant),
            Member(householdID: "H9", name: "Mak Icih", relation: "Orang tua", component: .elderly),
            Member(householdID: "H1", name: "Asep", relation: "Anak", component: .elderly, isActive: false),
        ], leader: "H9")
        _ = try await store.recordConsent(.optedOut, householdID: "H3")
        return store
    }

    static func service(_ store: SQLiteStore, confirmAbove: Int = 50) throws -> BroadcastService {
        let configuration = try PengingatConfiguration.load(path: Fixtures.repositoryRoot + "/Config/pengingat.yaml")
        let catalogue = try TemplateCatalogue.load(settings: TemplateSettings(directory: Fixtures.repositoryRoot + "/Templates"),
                                                   whatsAppTemplates: configuration.whatsAppTemplates)
        return BroadcastService(store: store, rules: try F.rules(), catalogue: catalogue,
                         settings: BroadcastSettings(pricePerSMSSegment: 350, pricePerWhatsAppMessage: 500, confirmAbove: confirmAbove),
                         logger: Logger(label: "test"))
    }

    static func request(_ audience: String, _ content: BroadcastService.Content, at: String? = nil) throws -> BroadcastService.Request {
        .init(audience: try BroadcastAudience.parse(audience), audienceText: audience, content: content,
              at: at.map(F.instant), requestedBy: "Rina")
    }

    /// 170 characters of GSM-7 text: two segments by SMS.
    static let longText = "{{sapaan}} {{nama}}, " + String(repeating: "pencairan bantuan minggu depan. ", count: 5)

    @Test("the preview counts households, phones, encodings, segments and the estimated cost")
    func previewCounts() async throws {
        let store = try await Self.store()
        let preview = try await Self.service(store).preview(
            try Self.request("kelompok:G1", .text(Self.longText)), now: F.instant("2026-12-08 10:00"))
        // H1 and H5 by one phone, H2 by WhatsApp, H9 for herself and for H4: five households, three phones.
        #expect(preview.households == 5)
        #expect(preview.optedOut == 1)
        #expect(preview.unreachable.isEmpty)
        #expect(preview.phones == 3)
        #expect(preview.sms.count == 2 && preview.whatsApp.count == 1)
        let shared = try #require(preview.messages.first { $0.phone == F.phone("081234567891") })
        #expect(Set(shared.householdIDs) == ["H1", "H5"])
        #expect(shared.text.hasPrefix("Ibu Ani, pencairan bantuan"))
        #expect(shared.segments == 2)
        let leader = try #require(preview.messages.first { $0.phone == F.phone("081234567899") })
        #expect(Set(leader.householdIDs) == ["H9", "H4"])
        #expect(leader.text.contains("Ibu Dedeh"))
        #expect(preview.encodings == ["GSM-7": 2])
        #expect(preview.estimatedCost == preview.smsSegments * 350 + 500)
        #expect(preview.smsSegments == shared.segments + leader.segments)
        #expect(preview.messages.allSatisfy { $0.dueAt == F.instant("2026-12-08 10:00") && $0.source == BroadcastService.source })
        #expect(!preview.messages.contains { $0.phone == F.phone("081234567893") }, "an opted-out household is never in a broadcast")
        #expect(preview.samples.count == 3)
        // A preview stores nothing.
        #expect(try await store.broadcasts(facilitatorID: nil, limit: 10).isEmpty)
        #expect(try await store.outboxMessages(dueIn: DateInterval(start: .distantPast, end: .distantFuture), groupID: nil).isEmpty)
    }

    @Test("components pick households by their active members: bumil reaches H2, lansia reaches H9 (not H1's former member)")
    func components() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let now = F.instant("2026-12-08 10:00")
        let pregnant = try await service.preview(try Self.request("komponen:bumil", .text("Cek kehamilan ya.")), now: now)
        #expect(pregnant.messages.flatMap(\.householdIDs) == ["H2"])
        #expect(pregnant.messages.first?.text.hasPrefix("Cek kehamilan ya.") == true)
        let elderly = try await service.preview(try Self.request("komponen:lansia", .text("x")), now: now)
        #expect(elderly.messages.flatMap(\.householdIDs) == ["H9"])
    }

    @Test("a template broadcast tells each household its next meeting and expires when it starts")
    func templateBroadcast() async throws {
        let store = try await Self.store()
        let preview = try await Self.service(store).preview(
            try Self.request("semua", .template(.p2k2DaysBefore)), now: F.instant("2026-12-07 10:00"))
        let message = try #require(preview.messages.first { $0.householdIDs == ["H2"] })
        #expect(message.text.contains("Selasa, 8 Desember pukul 09.00 WIB"))
        #expect(message.text.hasPrefix("Bapak Budi"))
        #expect(message.expiresAt == F.instant("2026-12-08 09:00"))
        #expect(message.whatsAppTemplates.map(\.name) == ["pkh_p2k2_pengingat"])
    }

    @Test("outside the send window the broadcast waits for the morning")
    func sendWindow() async throws {
        let store = try await Self.store()
        let preview = try await Self.service(store).preview(
            try Self.request("kelompok:G1", .text("Halo")), now: F.instant("2026-12-08 21:30"))
        #expect(preview.scheduledAt == F.instant("2026-12-09 07:00"))
    }

    @Test("above the configured size a broadcast is sent only when confirmed, and is recorded with who sent it")
    func confirmation() async throws {
        let store = try await Self.store()
        let service = try Self.service(store, confirmAbove: 2)
        let now = F.instant("2026-12-08 10:00")
        let preview = try await service.preview(try Self.request("kelompok:G1", .text("Halo")), now: now)
        #expect(preview.needsConfirmation)
        await #expect(throws: BroadcastError(.confirmationNeeded(phones: 3, limit: 2))) {
            _ = try await service.send(preview, confirmed: false, now: now)
        }
        #expect(try await store.broadcasts(facilitatorID: nil, limit: 10).isEmpty)
        let broadcast = try await service.send(preview, confirmed: true, now: now)
        #expect(broadcast.createdBy == "Rina" && broadcast.messages == 3 && broadcast.households == 5)
        #expect(try await store.broadcast(id: broadcast.id)?.audience == "kelompok:G1")
        #expect(try await store.broadcastProgress(id: broadcast.id) == [.queued: 3])
    }

    @Test("a broadcast cancelled before its time sends nothing; another broadcast is untouched")
    func cancelled() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let now = F.instant("2026-12-08 10:00")
        let later = try await service.send(
            try await service.preview(try Self.request("kelompok:G1", .text("Besok ada acara."), at: "2026-12-09 08:00"), now: now),
            confirmed: true, now: now)
        let other = try await service.send(
            try await service.preview(try Self.request("komponen:bumil", .text("Cek kehamilan."), at: "2026-12-09 08:00"), now: now),
            confirmed: true, now: now.addingTimeInterval(60))
        let result = try await service.cancel(id: later.id, by: "Dedi", now: now.addingTimeInterval(120))
        #expect(result == BroadcastCancellation(cancelled: 3, underway: 0))
        #expect(try await store.broadcast(id: later.id)?.cancelledBy == "Dedi")

        // The next morning the dispatcher sends only the other broadcast, through the real file gateway.
        let path = NSTemporaryDirectory() + "pengingat-broadcast-" + UUID().uuidString + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = TestClock(F.instant("2026-12-09 08:05"))
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [FileGateway(path: path)]),
            configuration: .init(concurrency: 2, maxAttempts: 3, backoffInitial: 10, backoffMax: 40,
                                 channels: [.sms: ["file"], .whatsapp: ["file"]], maxMessagesPerPhonePerDay: 5),
            logger: Logger(label: "test"), now: { clock.now })
        let summary = try await dispatcher.drain()
        #expect(summary.accepted == 1)
        let written = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(!written.contains("Besok ada acara."))
        #expect(written.contains("Cek kehamilan."))
        #expect(try await store.broadcastProgress(id: later.id) == [.cancelled: 3])
        await #expect(throws: BroadcastError(.alreadyCancelled(later.id))) {
            _ = try await service.cancel(id: later.id, by: "Dedi", now: now)
        }
        #expect(try await store.broadcast(id: other.id)?.state == .scheduled)
    }

    @Test("a household that opts out after the broadcast was queued is not sent it")
    func optOutAfterQueueing() async throws {
        let store = try await Self.store()
        let service = try Self.service(store)
        let now = F.instant("2026-12-08 10:00")
        _ = try await service.send(try await service.preview(try Self.request("komponen:bumil", .text("Cek kehamilan.")), now: now),
                                   confirmed: true, now: now)
        _ = try await store.recordConsent(.optedOut, householdID: "H2")
        let sms = ScriptedGateway("wa", [.accepted(providerID: nil)])
        let clock = TestClock(now.addingTimeInterval(60))
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [sms]),
            configuration: .init(concurrency: 2, maxAttempts: 3, backoffInitial: 10, backoffMax: 40,
                                 channels: [.sms: ["wa"], .whatsapp: ["wa"]], maxMessagesPerPhonePerDay: 5),
            logger: Logger(label: "test"), now: { clock.now })
        let summary = try await dispatcher.drain()
        #expect(summary.optedOut == 1)
        #expect(sms.texts.isEmpty)
    }

    @Test("wrong audiences and contents are refused with their codes")
    func errors() async throws {
        #expect(throws: BroadcastError(.unknownAudience("kelurahan:X"))) { try BroadcastAudience.parse("kelurahan:X") }
        #expect(throws: BroadcastError(.unknownComponent("bayi2"))) { try BroadcastAudience.parse("komponen:bumil,bayi2") }
        #expect(try BroadcastAudience.parse("komponen:sekolah") == .components([.primarySchool, .juniorHighSchool, .seniorHighSchool]))
        #expect(try BroadcastAudience.parse(" Semua ") == .everyone)
        let store = try await Self.store()
        let service = try Self.service(store)
        let now = F.instant("2026-12-08 10:00")
        await #expect(throws: BroadcastError(.unknownGroup("G7"))) {
            _ = try await service.preview(try Self.request("kelompok:G7", .text("x")), now: now)
        }
        await #expect(throws: BroadcastError(.templateNotForBroadcast("vitamin-a"))) {
            _ = try await service.preview(try Self.request("semua", .template(.vitaminA)), now: now)
        }
        await #expect(throws: BroadcastError(.noContent)) {
            _ = try await service.preview(try Self.request("semua", .text("  ")), now: now)
        }
        await #expect(throws: BroadcastError(.unknownBroadcast("SRN-X"))) {
            _ = try await service.cancel(id: "SRN-X", by: "R", now: now)
        }
        // A facilitator's scope hides other facilitators' groups.
        var scoped = try Self.request("kelompok:G1", .text("x"))
        scoped.scope = .facilitator("F2")
        await #expect(throws: BroadcastError(.unknownGroup("G1"))) { _ = try await service.preview(scoped, now: now) }
    }
}
