import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTestSupport
import PostgresNIO
import Testing

/// The store implementations the contract runs against: PostgreSQL too when `make test` has
/// started a throwaway cluster (`PENGINGAT_TEST_POSTGRES_URL`).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// SQLite in memory: what the other suites use instead of a store of their own.
    case memory
    case sqlite
    case postgres

    static var allCases: [StoreKind] { PostgresTestServer.url == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgres] }

    var testDescription: String { rawValue }

    func make() async throws -> any PengingatStore {
        switch self {
        case .memory:
            return try SQLiteStore.inMemory()
        case .sqlite:
            return try SQLiteStore(path: TemporaryFolder.make().appending("roster.sqlite"), logger: Logger(label: "test"))
        case .postgres:
            return try await PostgresTestServer.freshStore()
        }
    }
}

/// A fresh folder under the system's temporary directory for one test.
enum TemporaryFolder {
    static func make() throws -> String {
        let path = NSTemporaryDirectory() + "pengingat-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension String {
    func appending(_ component: String) -> String { (self as NSString).appendingPathComponent(component) }
}

/// A small roster: two facilitators, one group each, three households, a few members.
enum RosterFixture {
    static let wib = IndonesianTimeZone.wib
    static let pontianak = try! IndonesianTimeZone(parsing: "Asia/Pontianak")

    static let facilitators = [
        Facilitator(id: "F1", name: "Rina", phone: try? PhoneNumber(parsing: "081211112222"), email: "rina@example.org"),
        Facilitator(id: "F2", name: "Budi"),
    ]

    static let groups = [
        Group(
            id: "G1", name: "Anggrek", facilitatorID: "F1", kelurahan: "Margabakti", rw: "01", zone: pontianak,
            schedule: try! MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula; RT 01", mode: .inPerson,
            isPKHAkses: true, leaderHouseholdID: "H1"),
        Group(
            id: "G2", name: "Mawar", facilitatorID: "F2", kelurahan: "Margabakti", rw: "02", zone: wib,
            schedule: try! MeetingSchedule.parse("tanggal 15 08.00"), place: "Grup WA", mode: .online),
    ]

    static let households = [
        Household(
            id: "H1", caregiverName: "Ani", phone: try? PhoneNumber(parsing: "081234567890"),
            alternatePhone: try? PhoneNumber(parsing: "085712345678"), channel: .whatsapp, language: .sundanese,
            groupID: "G1", rt: "001", rw: "01", address: "Kp. Anggrek"),
        Household(id: "H2", caregiverName: "Euis", phone: nil, groupID: "G1", rt: "002", rw: "01"),
        Household(id: "H3", caregiverName: "Siti", phone: try? PhoneNumber(parsing: "081300001111"), groupID: "G2"),
    ]

    static let members = [
        Member(
            householdID: "H1", name: "Ani", relation: "Istri", sex: .female,
            birthDate: CalendarDate(year: 1990, month: 3, day: 12), component: .pregnant,
            lastMenstrualPeriod: CalendarDate(year: 2026, month: 9, day: 1)),
        Member(householdID: "H1", name: "Asep", relation: "Anak", sex: .male,
               birthDate: CalendarDate(year: 2016, month: 6, day: 5), component: .primarySchool,
               schoolName: "SDN 1"),
        Member(householdID: "H2", name: "Bayi", relation: "Anak", birthDate: CalendarDate(year: 2026, month: 10, day: 20),
               component: .earlyChildhood),
        Member(householdID: "H2", name: "Euis", relation: "Istri", component: .postpartum,
               deliveryDate: CalendarDate(year: 2026, month: 10, day: 20)),
        Member(householdID: "H3", name: "Siti", relation: "Istri"),
    ]

    static var update: RosterUpdate {
        RosterUpdate(
            facilitators: facilitators, posyandus: [
                Posyandu(id: "P1", name: "Melati", kelurahan: "Margabakti", rw: "01",
                         schedule: try! MeetingSchedule.parse("Rabu ke-1 08.00"), place: "Balai RW 01"),
            ], groups: groups, households: households, members: members,
            householdsWithCompleteMembers: ["H1", "H2", "H3"])
    }
}
