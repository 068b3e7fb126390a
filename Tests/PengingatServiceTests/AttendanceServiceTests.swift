import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import Testing

/// Attendance and the motivation that follows it, on the group of `PlannerFixture`
/// ("Selasa ke-2 09.00", WIB unless said otherwise).
@Suite("Attendance and motivation")
struct AttendanceServiceTests {
    typealias F = PlannerFixture

    static let households = [
        Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567891"), groupID: "G1", rw: "01"),
        Household(id: "H2", caregiverName: "Budi", phone: F.phone("081234567892"), groupID: "G1", rw: "01"),
        Household(id: "H3", caregiverName: "Cucu", phone: F.phone("081234567893"), language: .sundanese, groupID: "G1", rw: "01"),
        Household(id: "H9", caregiverName: "Ketua Wati", phone: F.phone("081234567899"), groupID: "G1", rw: "01"),
    ]

    static func service(_ store: SQLiteStore) throws -> AttendanceService {
        AttendanceService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), logger: Logger(label: "test"))
    }

    static func motivation(_ store: SQLiteStore, meeting: String) async throws -> [Household.ID: OutboxMessage] {
        let everything = DateInterval(start: .distantPast, end: .distantFuture)
        let messages = try await store.outboxMessages(dueIn: everything, groupID: "G1")
            .filter { $0.source == AttendanceService.source && $0.key.hasPrefix("motivasi/\(meeting)/") && $0.state == .queued }
        return Dictionary(uniqueKeysWithValues: messages.flatMap { message in message.householdIDs.map { ($0, message) } })
    }

    @Test("the ladder over miss, miss, attend, miss: levels 1, 2, none, 1")
    func ladder() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let service = try Self.service(store)
        // December 8, January 12, February 9, March 9 (Selasa ke-2); recorded the afternoon of each meeting.
        let meetings = [("G1/2026-12", "2026-12-08 14:00"), ("G1/2027-01", "2027-01-12 14:00"),
                        ("G1/2027-02", "2027-02-09 14:00"), ("G1/2027-03", "2027-03-09 14:00")]
        let absentH1: [Bool] = [true, true, false, true]
        var levels: [MotivationLevel?] = []
        for (index, (meeting, at)) in meetings.enumerated() {
            let outcome = try await service.record(
                meetingID: meeting, absent: absentH1[index] ? ["H1"] : [], excused: [:], recordedBy: "Rina", now: F.instant(at))
            levels.append(outcome.levels["H1"])
        }
        #expect(levels == [.firstMiss, .secondMiss, nil, .firstMiss])
        let kinds = try await [0, 1, 3].asyncMap { index in
            try await Self.motivation(store, meeting: meetings[index].0)["H1"]?.items.first?.kind
        }
        #expect(kinds == [MessageKind.motivationFirstMiss.rawValue, MessageKind.motivationSecondMiss.rawValue,
                          MessageKind.motivationFirstMiss.rawValue])
        #expect(try await Self.motivation(store, meeting: "G1/2027-02").isEmpty)
    }

    @Test("the first-miss message goes the next morning at 07.00, says what was discussed and the next date, and expires at the next meeting")
    func firstMiss() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let outcome = try await Self.service(store).record(
            meetingID: "G1/2026-12", absent: ["H1"], excused: [:], recordedBy: "Rina", now: F.instant("2026-12-08 12:00"))
        #expect(outcome.present == 3 && outcome.absent == 1 && outcome.excused == 0)
        let message = try #require(try await Self.motivation(store, meeting: "G1/2026-12")["H1"])
        #expect(message.dueAt == F.instant("2026-12-09 07:00"))
        #expect(message.expiresAt == F.instant("2027-01-12 09:00"))
        #expect(message.phone == F.phone("081234567891"))
        #expect(message.text.hasPrefix("Ibu Ani,"))
        #expect(message.text.contains("Selasa, 12 Januari 2027 pukul 09.00 WIB"))
        // The December session's short title, from the curriculum.
        let rules = try F.rules()
        let group = try #require(try await store.groups(in: .everything).first)
        let december = try #require(rules.meetingCalendar.meetings(
            of: group, from: CalendarDate(iso: "2026-12-01")!, through: CalendarDate(iso: "2026-12-31")!, changes: [:]).first?.session)
        #expect(message.text.contains(december.shortTitle))
        #expect(!message.text.lowercased().contains("tidak hadir"), "motivation never blames")
    }

    @Test("a Sundanese-speaking household gets the Sundanese variant")
    func sundanese() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        _ = try await Self.service(store).record(
            meetingID: "G1/2026-12", absent: ["H3"], excused: [:], recordedBy: "Rina", now: F.instant("2026-12-08 12:00"))
        let message = try #require(try await Self.motivation(store, meeting: "G1/2026-12")["H3"])
        #expect(message.language == .sundanese)
        #expect(message.text.contains("Salasa, 12 Januari 2027"))
        // The session discussed, in Sundanese from the curriculum file: December's is the twelfth.
        #expect(message.text.contains("Nyegah Murangkalih Dikantunkeun: Tempat murangkalih téh di sakola sareng di bumi, sanés damel."))
    }

    @Test("izin: the excused variant with what was discussed; an excused meeting neither counts as a miss nor resets the ladder")
    func excused() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let service = try Self.service(store)
        _ = try await service.record(meetingID: "G1/2026-12", absent: ["H1"], excused: [:], recordedBy: "Rina",
                                     now: F.instant("2026-12-08 12:00"))
        let january = try await service.record(meetingID: "G1/2027-01", absent: [], excused: ["H1": "anak sakit"],
                                               recordedBy: "Rina", now: F.instant("2027-01-12 12:00"))
        #expect(january.levels["H1"] == .excused)
        let message = try #require(try await Self.motivation(store, meeting: "G1/2027-01")["H1"])
        #expect(message.items.first?.kind == MessageKind.motivationExcused.rawValue)
        let stored = try await store.attendance(meetingID: "G1/2027-01").first { $0.householdID == "H1" }
        #expect(stored?.status == .excused && stored?.reason == "anak sakit")
        let february = try await service.record(meetingID: "G1/2027-02", absent: ["H1"], excused: [:], recordedBy: "Rina",
                                                now: F.instant("2027-02-09 12:00"))
        #expect(february.levels["H1"] == .secondMiss)
    }

    @Test("level 2 names the ketua kelompok and offers another group's meeting of the same kelurahan")
    func secondMiss() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        _ = try await store.apply(RosterUpdate(groups: [
            Group(id: "G2", name: "Melati", facilitatorID: "F1", kelurahan: "Margabakti", rw: "02", zone: .wib,
                  schedule: try MeetingSchedule.parse("Kamis ke-3 13.30"), place: "Balai RW 02"),
        ]))
        let service = try Self.service(store)
        for (meeting, at) in [("G1/2026-12", "2026-12-08 12:00"), ("G1/2027-01", "2027-01-12 12:00")] {
            _ = try await service.record(meetingID: meeting, absent: ["H2"], excused: [:], recordedBy: "Rina", now: F.instant(at))
        }
        let message = try #require(try await Self.motivation(store, meeting: "G1/2027-01")["H2"])
        #expect(message.items.first?.kind == MessageKind.motivationSecondMiss.rawValue)
        #expect(message.text.contains("Ketua Wati"))
        // Melati meets Thursday 21 January 2027, before Anggrek's February meeting.
        #expect(message.text.contains("Melati"))
        #expect(message.text.contains("21 Januari 2027"))
    }

    @Test("level 3 after a third miss in a row: a gentle note and one home-visit task for the facilitator")
    func thirdMiss() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let service = try Self.service(store)
        var last: AttendanceService.Outcome?
        for (meeting, at) in [("G1/2026-12", "2026-12-08 12:00"), ("G1/2027-01", "2027-01-12 12:00"), ("G1/2027-02", "2027-02-09 12:00")] {
            last = try await service.record(meetingID: meeting, absent: ["H2"], excused: [:], recordedBy: "Rina", now: F.instant(at))
        }
        #expect(last?.levels["H2"] == .thirdMiss)
        #expect(last?.tasksAdded == 1)
        let message = try #require(try await Self.motivation(store, meeting: "G1/2027-02")["H2"])
        #expect(message.items.first?.kind == MessageKind.motivationThirdMiss.rawValue)
        let tasks = try await store.tasks(dueFrom: CalendarDate(iso: "2027-02-01")!, through: CalendarDate(iso: "2027-03-31")!,
                                          in: .facilitator("F1"))
        #expect(tasks.map(\.householdID) == ["H2"])
        #expect(tasks.first?.kind == .homeVisit)
        // Recording the same meeting again adds no second task.
        let again = try await service.record(meetingID: "G1/2027-02", absent: ["H2"], excused: [:], recordedBy: "Rina",
                                             now: F.instant("2027-02-09 13:00"))
        #expect(again.tasksAdded == 0)
        #expect(again.changed == 0)
        // A correction: H2 came after all. The visit is taken back, and only that one.
        _ = try await store.commitTasks([FacilitatorTask(key: "other", kind: .homeVisit, facilitatorID: "F1", householdID: "H2",
                                                     due: CalendarDate(iso: "2027-02-20")!, reason: "Kunjungan bulanan")])
        let corrected = try await service.record(meetingID: "G1/2027-02", absent: [], excused: [:], recordedBy: "Rina",
                                                 now: F.instant("2027-02-09 14:00"))
        #expect(corrected.tasksWithdrawn == 1 && corrected.levels["H2"] == nil)
        let left = try await store.tasks(dueFrom: CalendarDate(iso: "2027-02-01")!, through: CalendarDate(iso: "2027-03-31")!,
                                         in: .facilitator("F1"))
        #expect(left.map(\.key) == ["other"])
    }

    @Test("recording twice corrects: a household that did come after all has its message withdrawn, nothing is duplicated")
    func correction() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let service = try Self.service(store)
        _ = try await service.record(meetingID: "G1/2026-12", absent: ["H1", "H2"], excused: [:], recordedBy: "Rina",
                                     now: F.instant("2026-12-08 12:00"))
        let corrected = try await service.record(meetingID: "G1/2026-12", absent: ["H2"], excused: [:], recordedBy: "Dedi",
                                                 now: F.instant("2026-12-08 15:00"))
        #expect(corrected.changed == 1)
        #expect(corrected.outbox.withdrawn == 1)
        #expect(try await Self.motivation(store, meeting: "G1/2026-12").keys.sorted() == ["H2"])
        let records = try await store.attendance(meetingID: "G1/2026-12")
        #expect(records.count == 4)
        // H2's row did not change: it keeps who recorded it first; H1's changed and takes the corrector.
        #expect(records.first { $0.householdID == "H2" }?.recordedBy == "Rina")
        #expect(records.first { $0.householdID == "H1" }.map { ($0.status, $0.recordedBy) } ?? (.absent, "") == (.present, "Dedi"))
    }

    @Test("recorded late the motivation goes at once (in the send window); after the next meeting it is no longer sent")
    func lateRecording() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let service = try Self.service(store)
        _ = try await service.record(meetingID: "G1/2026-12", absent: ["H1"], excused: [:], recordedBy: "Rina",
                                     now: F.instant("2026-12-15 21:30"))
        #expect(try await Self.motivation(store, meeting: "G1/2026-12")["H1"]?.dueAt == F.instant("2026-12-16 07:00"))
        let store2 = try await F.store(households: Self.households, leader: "H9")
        let outcome = try await Self.service(store2).record(
            meetingID: "G1/2026-12", absent: ["H1"], excused: [:], recordedBy: "Rina", now: F.instant("2027-01-13 08:00"))
        #expect(outcome.levels["H1"] == .firstMiss)
        #expect(outcome.outbox.inserted == 0)
    }

    @Test("a household that opted out gets no motivation; one without a phone gets it through its ketua kelompok")
    func consentAndRelay() async throws {
        var households = Self.households
        households.append(Household(id: "H4", caregiverName: "Dedeh", phone: nil, groupID: "G1", rw: "01"))
        let store = try await F.store(households: households, leader: "H9")
        _ = try await store.recordConsent(.optedOut, householdID: "H1")
        _ = try await Self.service(store).record(meetingID: "G1/2026-12", absent: ["H1", "H4"], excused: [:], recordedBy: "Rina",
                                                 now: F.instant("2026-12-08 12:00"))
        let messages = try await Self.motivation(store, meeting: "G1/2026-12")
        #expect(messages["H1"] == nil)
        let relay = try #require(messages["H4"])
        #expect(relay.phone == F.phone("081234567899"))
        #expect(relay.text.contains("Ketua Wati"))
        #expect(relay.text.contains("Dedeh"))
    }

    @Test("wrong input is refused with its code and records nothing")
    func errors() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let service = try Self.service(store)
        await #expect(throws: AttendanceError(.unknownMeeting("G7/2026-12"))) {
            _ = try await service.record(meetingID: "G7/2026-12", absent: [], excused: [:], recordedBy: "R", now: F.instant("2026-12-08 12:00"))
        }
        await #expect(throws: AttendanceError(.notAMember(householdID: "H8", groupID: "G1"))) {
            _ = try await service.record(meetingID: "G1/2026-12", absent: ["H8"], excused: [:], recordedBy: "R", now: F.instant("2026-12-08 12:00"))
        }
        await #expect(throws: AttendanceError(.bothAbsentAndExcused("H1"))) {
            _ = try await service.record(meetingID: "G1/2026-12", absent: ["H1"], excused: ["H1": "x"], recordedBy: "R",
                                         now: F.instant("2026-12-08 12:00"))
        }
        #expect(try await store.attendance(meetingID: "G1/2026-12").isEmpty)
        #expect(AttendanceError(.notAMember(householdID: "H8", groupID: "G1")).code == "KHD02")
    }

    @Test("kehadiran.csv: every good row is recorded, a bad row is reported with its line and left out")
    func importCSV() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let folder = try Fixtures.folder(["kehadiran.csv": """
            id_kelompok,tanggal,id_kpm,status,keterangan
            G1,08/12/2026,H1,tidak hadir,
            G1,2026-12-08,H2,Izin,ke rumah sakit
            G1,2026-12-08,H7,tidak hadir,
            G1,2026-12-08,H3,terlambat,
            G1,2026-12-09,H3,hadir,
            """])
        let result = try await AttendanceImporter(service: try Self.service(store))
            .importFile(folder + "/kehadiran.csv", recordedBy: "Rina", now: F.instant("2026-12-08 15:00"))
        #expect(result.outcomes.map(\.meeting.id) == ["G1/2026-12"])
        #expect(result.issues.map(\.code).sorted() == ["KHD02", "KHD04", "KHD05"])
        #expect(result.issues.first { $0.code == "KHD02" }?.line == 4)
        #expect(result.issues.first { $0.code == "KHD04" }?.line == 5)
        let records = Dictionary(uniqueKeysWithValues: try await store.attendance(meetingID: "G1/2026-12").map { ($0.householdID, $0) })
        #expect(records["H1"]?.status == .absent)
        #expect(records["H2"]?.status == .excused && records["H2"]?.reason == "ke rumah sakit")
        #expect(records["H3"]?.status == .present, "a household the list does not name (validly) came")
        #expect(records.count == 4)
    }

    @Test("kehadiran.xlsx written by LibreOffice: the same rows recorded, the bad ones named by sheet, row and column letter")
    func importWorkbook() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let folder = try Fixtures.folder(["kehadiran.csv": """
            id_kelompok;tanggal;id_kpm;status;keterangan
            G1;08/12/2026;H1;tidak hadir;
            G1;08/12/2026;H2;Izin;ke rumah sakit
            G1;08/12/2026;H7;tidak hadir;
            G1;08/12/2026;H3;terlambat;
            """])
        let workbooks = try LibreOffice.convert(csvFolder: folder)
        let result = try await AttendanceImporter(service: try Self.service(store))
            .importFile(workbooks + "/kehadiran.xlsx", recordedBy: "Rina", now: F.instant("2026-12-08 15:00"))
        #expect(result.outcomes.map(\.meeting.id) == ["G1/2026-12"])
        #expect(result.issues.map(\.code).sorted() == ["KHD02", "KHD04"])
        let unknownStatus = try #require(result.issues.first { $0.code == "KHD04" })
        #expect(unknownStatus.location == workbooks + "/kehadiran.xlsx › kehadiran › baris 5, kolom D (status)")
        let records = Dictionary(uniqueKeysWithValues: try await store.attendance(meetingID: "G1/2026-12").map { ($0.householdID, $0) })
        #expect(records["H1"]?.status == .absent)
        #expect(records["H2"]?.status == .excused && records["H2"]?.reason == "ke rumah sakit")
        #expect(records["H3"]?.status == .present)
    }

    @Test("kehadiran.csv without a required column is rejected as a whole, saying which column")
    func importMissingColumn() async throws {
        let store = try await F.store(households: Self.households, leader: "H9")
        let folder = try Fixtures.folder(["kehadiran.csv": "id_kelompok,tanggal,id_kpm\nG1,2026-12-08,H1\n"])
        let result = try await AttendanceImporter(service: try Self.service(store))
            .importFile(folder + "/kehadiran.csv", recordedBy: "Rina", now: F.instant("2026-12-08 15:00"))
        #expect(result.outcomes.isEmpty)
        #expect(result.issues.count == 1)
        #expect(result.issues.first?.explanation.contains("status") == true)
    }
}

/// On the sample roster (Config/contoh) in SQLite: the done-when of the outreach issue.
@Suite("Attendance on the sample roster")
struct SampleRosterAttendanceTests {
    @Test("recording KLP-01's December meeting with absences puts the right motivation messages for the next morning in the outbox")
    func sampleRoster() async throws {
        let path = NSTemporaryDirectory() + "pengingat-attendance-" + UUID().uuidString + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStore(path: path, logger: Logger(label: "test"))
        _ = try await RosterImporter(store: store, logger: Logger(label: "test"))
            .importRoster(from: [Fixtures.sampleRoster], options: .init(today: Fixtures.referenceDate))
        let service = AttendanceService(store: store, rules: try PlannerFixture.rules(), catalogue: try PlannerFixture.catalogue(),
                                        logger: Logger(label: "test"))
        let members = try await store.households(in: .everything, groupID: "KLP-01").filter { $0.status == .active }
        let reachable = members.filter { $0.phone != nil && $0.consent == .granted }
        let absent = Array(reachable.prefix(3).map(\.id))
        let excusedID = reachable[3].id
        let outcome = try await service.record(
            meetingID: "KLP-01/2026-12", absent: Set(absent), excused: [excusedID: "anak sakit"], recordedBy: "Dedi",
            now: PlannerFixture.instant("2026-12-08 12:00"))
        #expect(outcome.present == members.count - 4)
        #expect(outcome.outbox.inserted == 4)

        let nextMorning = PlannerFixture.instant("2026-12-09 07:00")
        let queued = try await store.outboxMessages(dueIn: DateInterval(start: nextMorning, duration: 1), groupID: "KLP-01")
            .filter { $0.source == AttendanceService.source }
        #expect(queued.count == 4)
        let byHousehold = Dictionary(uniqueKeysWithValues: queued.map { ($0.householdIDs.first ?? "", $0) })
        for id in absent {
            let message = try #require(byHousehold[id])
            #expect(message.items.first?.kind == MessageKind.motivationFirstMiss.rawValue)
            #expect(message.phone == members.first { $0.id == id }?.phone)
            // The next meeting, as the calendar says: Tuesday 12 January 2027.
            #expect(message.text.contains("12 Januari 2027"))
        }
        #expect(byHousehold[excusedID]?.items.first?.kind == MessageKind.motivationExcused.rawValue)
        #expect(queued.allSatisfy { $0.expiresAt == PlannerFixture.instant("2027-01-12 09:00") })
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
