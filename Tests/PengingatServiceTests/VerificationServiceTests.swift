import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import PengingatTestSupport
import Testing

/// The monthly verification of commitments and what follows from it, on the group of
/// `PlannerFixture` (posyandu on the 10th at 08.00; school attendance verified on the 25th and
/// reminded five days before), on SQLite and, under `make test`, PostgreSQL.
@Suite("Commitment verification and its follow-up")
struct VerificationServiceTests {
    typealias F = PlannerFixture

    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        static var available: [Backend] { PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
        var testDescription: String { rawValue }
    }

    static let households = [
        Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567891"), groupID: "G1", rw: "01"),
        Household(id: "H2", caregiverName: "Cucu", phone: F.phone("081234567892"), language: .sundanese, groupID: "G1", rw: "01"),
        Household(id: "H3", caregiverName: "Euis", phone: F.phone("081234567893"), groupID: "G1", rw: "01"),
    ]

    static let members = [
        Member(householdID: "H1", name: "Asep", birthDate: CalendarDate(year: 2018, month: 5, day: 1), component: .primarySchool,
               schoolName: "SDN 2 Margabakti"),
        Member(householdID: "H1", name: "Rizki", birthDate: CalendarDate(year: 2025, month: 6, day: 1), component: .earlyChildhood),
        Member(householdID: "H2", name: "Dadan", birthDate: CalendarDate(year: 2017, month: 2, day: 1), component: .primarySchool),
        Member(householdID: "H3", name: "Neng", birthDate: CalendarDate(year: 2016, month: 9, day: 1), component: .primarySchool),
    ]

    static let february = CalendarMonth(year: 2027, month: 2)!
    static let march = CalendarMonth(year: 2027, month: 3)!

    static func store(_ backend: Backend) async throws -> any PengingatStore {
        let store: any PengingatStore = switch backend {
        case .sqlite: try SQLiteStore.inMemory()
        case .postgres: try await PostgresTestServer.freshStore()
        }
        _ = try await store.apply(F.rosterUpdate(households: households, members: members))
        return store
    }

    static func service(_ store: any PengingatStore) throws -> VerificationService {
        VerificationService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), planDays: 30, logger: Logger(label: "test"))
    }

    static func entry(_ household: String, _ member: String, _ commitment: Commitment, _ status: VerificationStatus)
        -> VerificationService.Entry
    {
        VerificationService.Entry(householdID: household, memberName: member, commitment: commitment, status: status)
    }

    static func queued(_ store: any PengingatStore, source: String) async throws -> [OutboxMessage] {
        try await store.outboxMessages(dueIn: DateInterval(start: .distantPast, end: .distantFuture), groupID: "G1")
            .filter { $0.source == source && $0.state == .queued }
    }

    @Test("the month's sheet lists every member with an obligation, once per commitment", arguments: Backend.available)
    func sheet(backend: Backend) async throws {
        let store = try await Self.store(backend)
        let sheet = try await Self.service(store).sheet(groupID: "G1", month: Self.march, in: .everything)
        let lines = sheet.lines.map { "\($0.household.id) \($0.memberName) \($0.commitment.rawValue)" }
        #expect(lines == ["H1 Asep sekolah", "H1 Rizki posyandu", "H2 Dadan sekolah", "H3 Neng sekolah"])
        #expect(sheet.lines.allSatisfy { $0.recorded == nil })
    }

    @Test("a commitment met ends its remaining reminders at once; one not met, or another member's, keeps them",
          arguments: Backend.available)
    func metEndsReminders(backend: Backend) async throws {
        let store = try await Self.store(backend)
        let planner = Planner(store: store, rules: try F.rules(), catalogue: try F.catalogue(), logger: Logger(label: "test"))
        _ = try await planner.commit(.init(now: F.instant("2027-03-01 08:00"), days: 30))
        func schoolReminders() async throws -> Set<Household.ID> {
            Set(try await Self.queued(store, source: Planner.source)
                .filter { $0.items.contains { $0.kind == MessageKind.schoolAttendance.rawValue } }.flatMap(\.householdIDs))
        }
        #expect(try await schoolReminders() == ["H1", "H2", "H3"], "reminded on 20 March for the 25th")

        let outcome = try await Self.service(store).record(
            groupID: "G1", month: Self.march,
            entries: [Self.entry("H1", "asep", .school, .met), Self.entry("H2", "Dadan", .school, .notMet),
                      Self.entry("H1", "Rizki", .posyandu, .met)],
            recordedBy: "rina", now: F.instant("2027-03-12 10:00"))
        #expect(outcome.met == 2 && outcome.notMet == 1 && outcome.changed == 3)
        #expect(outcome.plan.withdrawn + outcome.plan.updated >= 1)
        #expect(try await schoolReminders() == ["H2", "H3"])

        // A plan made later still leaves it out.
        _ = try await planner.commit(.init(now: F.instant("2027-03-13 08:00"), days: 30))
        #expect(try await schoolReminders() == ["H2", "H3"])
        let stored = try await store.verifications(groupID: "G1", month: Self.march)
        #expect(stored.first { $0.memberName == "Asep" }?.memberName == "Asep", "the roster's spelling is kept")
    }

    @Test("not met: one gentle follow-up per household the next allowed moment, in its language, naming what is missing",
          arguments: Backend.available)
    func followUp(backend: Backend) async throws {
        let store = try await Self.store(backend)
        let service = try Self.service(store)
        let outcome = try await service.record(
            groupID: "G1", month: Self.february,
            entries: [Self.entry("H1", "Asep", .school, .notMet), Self.entry("H1", "Rizki", .posyandu, .notMet),
                      Self.entry("H2", "Dadan", .school, .notMet), Self.entry("H3", "Neng", .school, .excused)],
            recordedBy: "rina", now: F.instant("2027-03-02 21:30"))
        #expect(outcome.followUps.inserted == 2)
        let messages = Dictionary(uniqueKeysWithValues: try await Self.queued(store, source: "verifikasi/2027-02")
            .map { ($0.householdIDs.first ?? "", $0) })
        #expect(messages.keys.sorted() == ["H1", "H2"], "excused is not followed up")
        let ani = try #require(messages["H1"])
        #expect(ani.text == "Ibu Ani, di catatan Februari, kehadiran sekolah Asep dan posyandu Rizki belum tercatat. "
            + "Bila ada kesulitan, kabari saya ya, saya siap membantu. Salam, Rina")
        #expect(ani.dueAt == F.instant("2027-03-03 07:00"), "recorded after the send window: the next morning")
        #expect(ani.segments == 1)
        let cucu = try #require(messages["H2"])
        #expect(cucu.text == "Ibu Cucu, dina catetan \(MessageWording(language: .sundanese).month(2)), kahadiran sakola Dadan "
            + "teu acan kacatet. Bilih aya kasesahan, mangga wartosan abdi, abdi siap ngabantos. Salam, Rina")
        #expect(cucu.segments == 1)

        // Corrected: everything was met after all. The follow-ups are withdrawn.
        let corrected = try await service.record(
            groupID: "G1", month: Self.february,
            entries: [Self.entry("H1", "Asep", .school, .met), Self.entry("H1", "Rizki", .posyandu, .met),
                      Self.entry("H2", "Dadan", .school, .met)],
            recordedBy: "rina", now: F.instant("2027-03-02 22:00"))
        #expect(corrected.followUps.withdrawn == 2)
        #expect(try await Self.queued(store, source: "verifikasi/2027-02").isEmpty)
    }

    @Test("a second month not met in a row gives a home visit; a correction takes it back", arguments: Backend.available)
    func homeVisit(backend: Backend) async throws {
        let store = try await Self.store(backend)
        let service = try Self.service(store)
        _ = try await service.record(groupID: "G1", month: Self.february,
                                     entries: [Self.entry("H1", "Asep", .school, .notMet), Self.entry("H3", "Neng", .school, .notMet)],
                                     recordedBy: "rina", now: F.instant("2027-03-01 09:00"))
        let march = try await service.record(
            groupID: "G1", month: Self.march,
            entries: [Self.entry("H1", "Asep", .school, .notMet), Self.entry("H3", "Neng", .school, .met)],
            recordedBy: "rina", now: F.instant("2027-03-26 09:00"))
        #expect(march.tasksAdded == 1)
        let tasks = try await store.tasks(dueFrom: CalendarDate(year: 2027, month: 3, day: 1)!,
                                          through: CalendarDate(year: 2027, month: 4, day: 30)!, in: .everything)
        #expect(tasks.map(\.householdID) == ["H1"])
        #expect(tasks.first?.due == CalendarDate(year: 2027, month: 4, day: 2))
        #expect(tasks.first?.reason.contains("sekolah: Asep") == true)

        let corrected = try await service.record(
            groupID: "G1", month: Self.march, entries: [Self.entry("H1", "Asep", .school, .excused)],
            recordedBy: "rina", now: F.instant("2027-03-27 09:00"))
        #expect(corrected.tasksWithdrawn == 1)
        #expect(try await store.tasks(dueFrom: CalendarDate(year: 2027, month: 3, day: 1)!,
                                      through: CalendarDate(year: 2027, month: 4, day: 30)!, in: .everything).isEmpty)
    }

    @Test("a wrong entry is refused with its code and nothing of the batch is written", arguments: Backend.available)
    func refused(backend: Backend) async throws {
        let store = try await Self.store(backend)
        let service = try Self.service(store)
        let cases: [(CalendarMonth, VerificationService.Entry, String)] = [
            (Self.march, Self.entry("H1", "Budi", .school, .met), "VRF03"),
            (Self.march, Self.entry("H9", "Asep", .school, .met), "VRF02"),
            (CalendarMonth(year: 2027, month: 4)!, Self.entry("H1", "Asep", .school, .met), "VRF06"),
        ]
        for (month, wrong, code) in cases {
            let error = await #expect(throws: VerificationError.self) {
                try await service.record(groupID: "G1", month: month, entries: [Self.entry("H3", "Neng", .school, .met), wrong],
                                         recordedBy: "rina", now: F.instant("2027-03-20 09:00"))
            }
            #expect(error?.code == code)
        }
        #expect(try await store.verifications(groupID: "G1", from: Self.february, through: Self.march.adding(months: 1)).isEmpty)
    }

    @Test("a shared phone is told without naming any health service")
    func sharedPhone() async throws {
        let shared = F.phone("081234567800")
        let households = [
            Household(id: "H1", caregiverName: "Ani", phone: shared, groupID: "G1", rw: "01"),
            Household(id: "H3", caregiverName: "Euis", phone: shared, groupID: "G1", rw: "01"),
        ]
        let store = try await F.store(households: households, members: Self.members.filter { $0.householdID != "H2" })
        _ = try await Self.service(store).record(
            groupID: "G1", month: Self.february, entries: [Self.entry("H1", "Rizki", .posyandu, .notMet)],
            recordedBy: "rina", now: F.instant("2027-03-02 10:00"))
        let message = try #require(try await Self.queued(store, source: "verifikasi/2027-02").first)
        #expect(message.text.contains("beberapa kegiatan kesehatan dan sekolah"))
        #expect(!message.text.contains("Rizki") && !message.text.contains("posyandu"))
        #expect(message.dueAt == F.instant("2027-03-02 10:00"))
    }
}

@Suite("Verification lists (verifikasi.csv, .xlsx)")
struct VerificationImporterTests {
    typealias F = PlannerFixture
    typealias V = VerificationServiceTests

    static let list = """
        bulan;id_kpm;nama_kpm;anggota;komitmen;status;keterangan
        2027-02;H1;Ani;ASEP;sekolah;tidak memenuhi;
        2027-02;H1;Ani;Rizki;posyandu;Memenuhi;
        2027-02;H2;Cucu;Dadan;sekolah;izin;sakit tifus
        2027-02;H2;Cucu;Dadang;sekolah;memenuhi;
        2027-02;H3;Euis;Neng;arisan;memenuhi;
        2027-02;H3;Euis;Neng;sekolah;lulus;
        ;H3;Euis;Neng;sekolah;memenuhi;
        2027-02;H8;Siapa;Neng;sekolah;memenuhi;
        """

    @Test("every good row is recorded; each bad one is named by line and column with its code")
    func csv() async throws {
        let store = try await F.store(households: V.households, members: V.members)
        let folder = try Fixtures.folder(["verifikasi.csv": Self.list])
        let result = try await VerificationImporter(service: try V.service(store))
            .importFile(folder + "/verifikasi.csv", month: nil, recordedBy: "rina", now: F.instant("2027-03-03 09:00"))
        #expect(result.outcomes.map(\.month) == [V.february])
        #expect(result.issues.map { "\($0.line ?? 0) \($0.column ?? "") \($0.code)" }
            == ["5 anggota VRF03", "6 komitmen VRF04", "7 status VRF05", "8 bulan VRF07", "9 id_kpm VRF08"])
        let stored = try await store.verifications(groupID: "G1", month: V.february)
        #expect(stored.map { "\($0.memberName) \($0.commitment.rawValue) \($0.status.rawValue)" }
            == ["Asep sekolah tidak_memenuhi", "Rizki posyandu memenuhi", "Dadan sekolah izin"])
        #expect(stored.first { $0.memberName == "Dadan" }?.note == "sakit tifus")
        #expect(try await V.queued(store, source: "verifikasi/2027-02").map(\.householdIDs) == [["H1"]])
    }

    @Test("the list `verifikasi lihat --csv` writes, filled in and saved as .xlsx by LibreOffice, imports with the month given")
    func workbook() async throws {
        let store = try await F.store(households: V.households, members: V.members)
        let folder = try Fixtures.folder(["verifikasi.csv": """
            id_kpm;anggota;komitmen;status;keterangan
            H1;Asep;sekolah;tidak memenuhi;
            H3;Neng;sekolah;memenuhi;
            H2;Dadan;sekolah;salah;
            """])
        let workbooks = try LibreOffice.convert(csvFolder: folder)
        let path = workbooks + "/verifikasi.xlsx"
        let result = try await VerificationImporter(service: try V.service(store))
            .importFile(path, month: V.march, recordedBy: "rina", now: F.instant("2027-03-26 09:00"))
        #expect(result.outcomes.map(\.notMet) == [1])
        #expect(result.issues.map(\.location) == [path + " › verifikasi › baris 4, kolom D (status)"])
        #expect(try await store.verifications(groupID: "G1", month: V.march).count == 2)
    }
}

@Suite("The morning digest and an unfinished verification")
struct VerificationDigestTests {
    typealias F = PlannerFixture
    typealias V = VerificationServiceTests

    @Test("in a month's first ten days the digest names the groups whose last month is not fully verified, and how many are missing")
    func nudge() async throws {
        let store = try await F.store(households: V.households, members: V.members)
        let digests = DigestService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), settings: DigestSettings(),
                                    logger: Logger(label: "test"))
        let early = try #require(try await digests.run(now: F.instant("2027-03-03 06:30"), force: true, queue: false).first)
        #expect(early.unverified == [DigestService.Line(subject: "Anggrek", detail: "4 dari 4 anggota belum dicatat")])
        #expect(early.text.contains("Verifikasi komitmen Februari yang belum lengkap"))
        #expect(early.text.contains("- Anggrek: 4 dari 4 anggota belum dicatat"))

        _ = try await V.service(store).record(
            groupID: "G1", month: V.february,
            entries: [V.entry("H1", "Asep", .school, .met), V.entry("H1", "Rizki", .posyandu, .met)],
            recordedBy: "rina", now: F.instant("2027-03-03 09:00"))
        let later = try #require(try await digests.run(now: F.instant("2027-03-04 06:30"), force: true, queue: false).first)
        #expect(later.unverified.map(\.detail) == ["2 dari 4 anggota belum dicatat"])

        let afterTenth = try #require(try await digests.run(now: F.instant("2027-03-11 06:30"), force: true, queue: false).first)
        #expect(afterTenth.unverified.isEmpty)
        #expect(!afterTenth.text.contains("Verifikasi komitmen"))
    }
}
