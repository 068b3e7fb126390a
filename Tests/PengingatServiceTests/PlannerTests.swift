import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import Testing

/// The planner against the shipped rules and templates, on small rosters built here.
enum PlannerFixture {
    static func rules() throws -> PlanningRules {
        let root = Fixtures.repositoryRoot
        var configuration = try PengingatConfiguration.load(path: root + "/Config/pengingat.yaml")
        configuration.planner.holidaysFile = root + "/Config/hari-libur.yaml"
        configuration.planner.curriculumFile = root + "/Config/kurikulum-p2k2.yaml"
        configuration.planner.rulesFile = root + "/Config/aturan-kewajiban.yaml"
        return try PlanningRules.load(configuration)
    }

    static func catalogue() throws -> TemplateCatalogue {
        try TemplateCatalogue.load(settings: TemplateSettings(directory: Fixtures.repositoryRoot + "/Templates"))
    }

    static func planner(_ store: SQLiteStore) throws -> Planner {
        Planner(store: store, rules: try rules(), catalogue: try catalogue(), logger: Logger(label: "test"))
    }

    static func phone(_ text: String) -> PhoneNumber { try! PhoneNumber(parsing: text) }

    static func instant(_ text: String) -> Date {
        // yyyy-mm-dd hh:mm in WIB
        let parts = text.split(separator: " ")
        let date = CalendarDate(iso: String(parts[0]))!
        let time = TimeOfDay(text: String(parts[1]))!
        return LocalDateTime(date: date, time: time).instant(in: .wib)
    }

    /// One group meeting "Selasa ke-2 09.00" in Margabakti RW 01 with a posyandu on the 10th.
    static func store(zone: IndonesianTimeZone = .wib, households: [Household], members: [Member] = [],
                      leader: Household.ID? = nil, pkhAkses: Bool = false) async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(rosterUpdate(zone: zone, households: households, members: members, leader: leader, pkhAkses: pkhAkses))
        return store
    }

    /// The roster `store` holds, for a test that puts it in a store of its own (PostgreSQL).
    static func rosterUpdate(zone: IndonesianTimeZone = .wib, households: [Household], members: [Member] = [],
                             leader: Household.ID? = nil, pkhAkses: Bool = false) -> RosterUpdate {
        RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            posyandus: [Posyandu(id: "P1", name: "Posyandu Melati", kelurahan: "Margabakti", rw: "01",
                                 schedule: try! MeetingSchedule.parse("tanggal 10 08.00"), place: "Balai RW 01")],
            groups: [Group(id: "G1", name: "Anggrek", facilitatorID: "F1", kelurahan: "Margabakti", rw: "01", zone: zone,
                           schedule: try! MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula Kelurahan",
                           isPKHAkses: pkhAkses, leaderHouseholdID: leader)],
            households: households, members: members,
            householdsWithCompleteMembers: Set(households.map(\.id)))
    }

    static func collect(_ planner: Planner, _ horizon: Planner.Horizon) async throws -> [PlannedMessage] {
        var messages: [PlannedMessage] = []
        try await planner.plan(horizon) { messages += $0.messages }
        return messages
    }
}

@Suite("Planner")
struct PlannerTests {
    typealias F = PlannerFixture

    @Test("P2K2 reminders 3 days and 1 day before at 17.00 and 2 hours before, with the session's topic")
    func meetingReminders() async throws {
        let store = try await F.store(households: [Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 10))
        let p2k2 = messages.filter { $0.kinds.contains(where: { $0.category == .p2k2 }) }
        // The December meeting is Tuesday 8 December 09.00.
        #expect(p2k2.map { "\($0.due)" } == ["2026-12-05 17.00", "2026-12-07 17.00", "2026-12-08 07.00"])
        #expect(p2k2.map(\.kinds) == [[.p2k2DaysBefore], [.p2k2DayBefore], [.p2k2SameDay]])
        // A meeting in the next weeks is dated without the year.
        #expect(p2k2[1].text.hasPrefix("Ibu Ani, besok Selasa, 8 Desember pukul 09.00 WIB ada P2K2 di Aula Kelurahan."))
        #expect(p2k2[1].text.contains("Topik: "))
        #expect(p2k2.allSatisfy { $0.expiry.description == "2026-12-08 09.00" })
    }

    @Test("a WITA and a WIT group are reminded on their own clocks")
    func otherZones() async throws {
        for zone in [IndonesianTimeZone.wita, .wit] {
            let store = try await F.store(zone: zone, households: [Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")])
            let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-06 00:00"), days: 3))
            let dayBefore = try #require(messages.first { $0.kinds == [.p2k2DayBefore] })
            #expect(dayBefore.due.description == "2026-12-07 17.00")
            #expect(dayBefore.dueAt == LocalDateTime(date: CalendarDate(year: 2026, month: 12, day: 7)!, time: TimeOfDay(hour: 17, minute: 0)!).instant(in: zone))
            #expect(dayBefore.text.contains("pukul 09.00 \(zone.abbreviation.rawValue)"))
        }
    }

    @Test("a PKH-akses group gets no reminder in a month it does not meet")
    func pkhAkses() async throws {
        let store = try await F.store(households: [Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")], pkhAkses: true)
        let december = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 28))
        #expect(!december.contains { $0.kinds.contains(.p2k2DayBefore) })
        let january = try await F.collect(try F.planner(store), .init(now: F.instant("2027-01-01 00:00"), days: 28))
        #expect(january.contains { $0.kinds.contains(.p2k2DayBefore) })
    }

    @Test("three households sharing one phone get one message a day, without health details")
    func sharedPhone() async throws {
        let shared = F.phone("081299990000")
        let households = ["H1", "H2", "H3"].map { Household(id: $0, caregiverName: "Ibu \($0)", phone: shared, groupID: "G1", rw: "01") }
        let pregnant = Member(householdID: "H2", name: "Ibu H2", component: .pregnant, lastMenstrualPeriod: CalendarDate(year: 2026, month: 9, day: 1))
        let store = try await F.store(households: households, members: [pregnant])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 10))
        let days = messages.map { "\($0.phone.e164) \($0.due.date)" }
        #expect(Set(days).count == days.count, "more than one message for the phone on one day")
        let dayBefore = try #require(messages.first { $0.due.description == "2026-12-07 17.00" })
        #expect(dayBefore.householdIDs.sorted() == ["H1", "H2", "H3"])
        #expect(dayBefore.items.count == 3)
        // The pregnancy is not told to whoever else reads this phone.
        let all = messages.map(\.text).joined(separator: "\n")
        #expect(!all.contains("hamil") && !all.contains("kehamilan"))
        #expect(messages.flatMap(\.kinds).contains(.healthDiscreet))
    }

    @Test("a household without a phone is reached through the ketua's relay digest")
    func noPhone() async throws {
        let leader = Household(id: "H1", caregiverName: "Euis", phone: F.phone("081234567890"), groupID: "G1", rw: "01")
        let noPhone = Household(id: "H2", caregiverName: "Dewi", phone: nil, groupID: "G1", rw: "01")
        let store = try await F.store(households: [leader, noPhone], leader: "H1")
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-07 00:00"), days: 1))
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.phone == leader.phone)
        #expect(message.items.map(\.isRelayed) == [false, true])
        #expect(message.text.contains("mohon bantu sampaikan pesan ini ya:\n- Ibu Dewi, besok Selasa"))
    }

    @Test("opted-out and nonaktif households get nothing; a household with no way to reach it is listed")
    func nobodyToTell() async throws {
        let optedOut = Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")
        let inactive = Household(id: "H2", caregiverName: "Euis", phone: F.phone("081234567891"), groupID: "G1", rw: "01", status: .inactive)
        let unreachable = Household(id: "H3", caregiverName: "Dewi", phone: nil, groupID: "G1", rw: "01")
        let store = try await F.store(households: [optedOut, inactive, unreachable])
        _ = try await store.recordConsent(.optedOut, householdID: "H1")
        var plans: [GroupPlan] = []
        try await F.planner(store).plan(.init(now: F.instant("2026-12-01 00:00"), days: 31)) { plans.append($0) }
        #expect(plans.flatMap(\.messages).isEmpty)
        #expect(plans.flatMap(\.unreachable).map(\.householdID) == ["H3"])
    }

    @Test("committing twice changes nothing; a move withdraws the old reminders and tells those already reminded")
    func commitMoveAndNotice() async throws {
        let store = try await F.store(households: [Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01"),
                                               Household(id: "H2", caregiverName: "Euis", phone: F.phone("081234567891"), groupID: "G1", rw: "01")])
        let planner = try F.planner(store)
        let horizon = Planner.Horizon(now: F.instant("2026-12-01 00:00"), days: 10)
        let first = try await planner.commit(horizon)
        #expect(first.outbox.inserted == 6)
        let second = try await planner.commit(horizon)
        #expect(second.outbox.written == 0)
        #expect(second.outbox.unchanged == 6)

        // H1's three-days-before reminder went out; then the meeting moves to Thursday 10 December 13.30.
        let window = DateInterval(start: horizon.now, end: horizon.end)
        let sentKey = try #require(try await store.outboxMessages(dueIn: window, groupID: nil).first { $0.items.first?.householdID == "H1" }?.key)
        _ = try await store.setState(.accepted, forMessage: sentKey, at: F.instant("2026-12-01 00:00"))
        try await store.recordMeetingChange(MeetingChange(
            meetingID: "G1/2026-12", newStart: LocalDateTime(date: CalendarDate(year: 2026, month: 12, day: 10)!, time: TimeOfDay(hour: 13, minute: 30)!)))
        let later = Planner.Horizon(now: F.instant("2026-12-06 08:00"), days: 10)
        let moved = try await planner.commit(later)
        // Withdrawn: both same-day reminders of the old day, and H2's overdue three-days-before,
        // which would now tell the wrong day. The day-before reminders' slot (7 December 17.00)
        // now holds the three-days-before reminder of the new time.
        #expect(moved.outbox.withdrawn == 3)
        #expect(moved.outbox.updated == 2)
        let messages = try await store.outboxMessages(dueIn: later.interval, groupID: nil).filter { $0.state == .queued }
        let notice = try #require(messages.first { $0.items.contains { $0.kind == MessageKind.p2k2Rescheduled.rawValue } })
        #expect(notice.items.map(\.householdID) == ["H1"])
        #expect(notice.text.contains("P2K2 Selasa, 8 Desember 2026 pindah ke Kamis, 10 Desember pukul 13.30 WIB"))
        #expect(notice.dueAt == F.instant("2026-12-06 08:00"))
        // Nothing pending still speaks of the old time, except the notice that corrects it.
        let allPending = try await store.outboxMessages(dueIn: DateInterval(start: horizon.now, end: later.end), groupID: nil).filter { $0.state == .queued }
        for message in allPending where message.key != notice.key {
            #expect(!message.text.contains("8 Desember 2026 pukul 09.00"), "\(message.key): \(message.text)")
        }
        // New reminders for the new time, for both households.
        #expect(messages.filter { $0.items.contains { $0.kind == MessageKind.p2k2DayBefore.rawValue } }.count == 2)
        // Planning again sends no second notice once the first is on its way.
        _ = try await store.setState(.accepted, forMessage: notice.key, at: F.instant("2026-12-01 00:00"))
        let again = try await F.collect(planner, later)
        #expect(!again.contains { $0.kinds.contains(.p2k2Rescheduled) })
    }

    @Test("a cancelled meeting withdraws its reminders and tells the households already reminded")
    func cancellation() async throws {
        let store = try await F.store(households: [Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")])
        let planner = try F.planner(store)
        _ = try await planner.commit(.init(now: F.instant("2026-12-01 00:00"), days: 10))
        let first = try #require(try await store.outboxMessages(dueIn: .init(start: F.instant("2026-12-01 00:00"), duration: 864_000), groupID: nil).first)
        _ = try await store.setState(.accepted, forMessage: first.key, at: F.instant("2026-12-01 00:00"))
        try await store.recordMeetingChange(MeetingChange(meetingID: "G1/2026-12", cancelled: true))
        let messages = try await F.collect(planner, .init(now: F.instant("2026-12-06 09:00"), days: 5))
        #expect(messages.flatMap(\.kinds) == [.p2k2Cancelled])
        #expect(messages.first?.text == "Ibu Ani, mohon maaf, P2K2 Selasa, 8 Desember 2026 batal. Pertemuan berikutnya Selasa, 12 Januari 2027. Terima kasih.")
    }

    @Test("Sundanese households get Sundanese text, with Sundanese dates, for every kind they read")
    func languages() async throws {
        let household = Household(id: "H1", caregiverName: "Enok", phone: F.phone("081234567890"), language: .sundanese, groupID: "G1", rw: "01")
        let mother = Member(householdID: "H1", name: "Enok", component: .pregnant, lastMenstrualPeriod: CalendarDate(year: 2026, month: 9, day: 1))
        let store = try await F.store(households: [household], members: [mother])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-07 00:00"), days: 1))
        let text = try #require(messages.first?.text)
        // The antenatal window opens first; the P2K2 line follows without a second greeting.
        #expect(text.hasPrefix("Ibu Enok, waktosna mariksakeun kakandungan"))
        #expect(text.contains("\nÉnjing Salasa, 8 Désémber tabuh 09.00 WIB aya P2K2"))
        #expect(text.contains("Topik: Nyegah Murangkalih Dikantunkeun."))
        // Every kind a household reads has Sundanese now; a line in Indonesian would carry Indonesian dates.
        #expect(!text.contains("Desember") && !text.contains("pukul") && !text.contains(" ada "))
        let all = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 14)).map(\.text)
        #expect(all.contains { $0.contains("Kemis, 10 Désémber tabuh 08.00 WIB di Posyandu Melati, Balai RW 01. Mangga mariksakeun kakandungan") })
        #expect(all.contains { $0.contains("mariksakeun kakandungan ka-") && $0.contains("pangpandeurina") })
    }

    /// The messages of `households` planned from 7 December 2026 for a day, with these approved
    /// WhatsApp templates (the shipped ones unless changed).
    func planWithWhatsAppTemplates(
        households: [Household], members: [Member] = [],
        changing change: (inout [String: WhatsAppTemplate]) -> Void = { _ in }
    ) async throws -> [PlannedMessage] {
        let configuration = try PengingatConfiguration.load(path: Fixtures.repositoryRoot + "/Config/pengingat.yaml")
        var whatsAppTemplates = configuration.whatsAppTemplates
        change(&whatsAppTemplates)
        let catalogue = try TemplateCatalogue.load(
            settings: TemplateSettings(directory: Fixtures.repositoryRoot + "/Templates"), whatsAppTemplates: whatsAppTemplates)
        let store = try await F.store(households: households, members: members)
        let planner = Planner(store: store, rules: try F.rules(), catalogue: catalogue, logger: Logger(label: "test"))
        return try await F.collect(planner, .init(now: F.instant("2026-12-07 00:00"), days: 1))
    }

    static let ani = Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), channel: .whatsapp, groupID: "G1", rw: "01")
    static let pregnantAni = Member(householdID: "H1", name: "Ani", component: .pregnant,
                                    lastMenstrualPeriod: CalendarDate(year: 2026, month: 9, day: 1))
    static let dayBeforeCall = WhatsAppTemplateCall(
        name: "pkh_p2k2_pengingat", language: "id", parameters: ["Ani", "Selasa, 8 Desember", "09.00 WIB", "Aula Kelurahan"])

    @Test("a single reminder whose kind has an approved WhatsApp template carries it, with its parameters in order")
    func whatsAppTemplate() async throws {
        let messages = try await planWithWhatsAppTemplates(households: [Self.ani])
        let dayBefore = try #require(messages.first { $0.kinds == [.p2k2DayBefore] })
        #expect(dayBefore.whatsAppTemplates == [Self.dayBeforeCall])
        #expect(dayBefore.outboxMessage(source: "planner").whatsAppTemplates == dayBefore.whatsAppTemplates)
    }

    @Test("a merged message whose items all have approved templates carries one call per item, in the items' order")
    func whatsAppTemplatePerItem() async throws {
        let messages = try await planWithWhatsAppTemplates(households: [Self.ani], members: [Self.pregnantAni]) {
            $0["antenatal-visit"] = WhatsAppTemplate(name: "pkh_periksa_hamil", language: "id", parameters: ["nama", "kunjungan_ke", "sampai"])
        }
        let merged = try #require(messages.first { $0.kinds == [.antenatalVisit, .p2k2DayBefore] })
        #expect(merged.whatsAppTemplates == [
            WhatsAppTemplateCall(name: "pkh_periksa_hamil", language: "id", parameters: ["Ani", "2", "5 Januari 2027"]),
            Self.dayBeforeCall,
        ])
        #expect(merged.outboxMessage(source: "planner").whatsAppTemplates == merged.whatsAppTemplates)
    }

    @Test("a merged message with an item whose kind has no approved template carries no template at all")
    func whatsAppTemplateMissingForOneItem() async throws {
        // The shipped configuration has no template for the antenatal visit.
        let messages = try await planWithWhatsAppTemplates(households: [Self.ani], members: [Self.pregnantAni])
        let merged = try #require(messages.first { $0.kinds == [.antenatalVisit, .p2k2DayBefore] })
        #expect(merged.whatsAppTemplates.isEmpty)
        #expect(merged.outboxMessage(source: "planner").whatsAppTemplates.isEmpty)
    }
}
