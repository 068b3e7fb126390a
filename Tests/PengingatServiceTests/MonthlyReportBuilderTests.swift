import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTestSupport
import Testing

/// The monthly report's figures on a small group ("Selasa ke-2 09.00", WIB): December 2026's
/// meeting on the 8th, attendance recorded through `AttendanceService` (so motivation and the
/// home visit are the real ones), messages moved to their states, verifications handed in.
@Suite("Monthly report")
struct MonthlyReportBuilderTests {
    typealias F = PlannerFixture

    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        static var available: [Backend] { PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
        var testDescription: String { rawValue }

        func make() async throws -> any PengingatStore {
            switch self {
            case .sqlite: try SQLiteStore.inMemory()
            case .postgres: try await PostgresTestServer.freshStore()
            }
        }
    }

    static let households = ["H1", "H2", "H3", "H4"].enumerated().map { index, id in
        Household(id: id, caregiverName: "Ibu \(id)", phone: F.phone("08123456789\(index)"), groupID: "G1", rw: "01")
    }

    static func seeded(_ backend: Backend) async throws -> any PengingatStore {
        let store = try await backend.make()
        _ = try await store.apply(RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            groups: [Group(id: "G1", name: "Anggrek", facilitatorID: "F1", kelurahan: "Margabakti", rw: "01", zone: .wib,
                           schedule: try MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula Kelurahan")],
            households: households, householdsWithCompleteMembers: Set(households.map(\.id))))
        let attendance = AttendanceService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), logger: Logger(label: "test"))
        // H3 misses October, November and December: a home visit after the third.
        _ = try await attendance.record(meetingID: "G1/2026-10", absent: ["H3"], excused: [:], recordedBy: "Rina",
                                        now: F.instant("2026-10-13 14:00"))
        _ = try await attendance.record(meetingID: "G1/2026-11", absent: ["H3"], excused: [:], recordedBy: "Rina",
                                        now: F.instant("2026-11-10 14:00"))
        _ = try await attendance.record(meetingID: "G1/2026-12", absent: ["H1", "H3"], excused: ["H2": "anak sakit"], recordedBy: "Rina",
                                        now: F.instant("2026-12-08 14:00"))
        _ = try await store.recordVerifications(verifications, month: CalendarMonth(year: 2026, month: 12)!, groupID: "G1")
        return store
    }

    static let verifications: [CommitmentVerification] = [
        .init(month: CalendarMonth(year: 2026, month: 12)!, householdID: "H1", memberName: "Asep", commitment: .school, status: .met,
              recordedBy: "Rina", recordedAt: F.instant("2026-12-20 10:00")),
        .init(month: CalendarMonth(year: 2026, month: 12)!, householdID: "H2", memberName: "Dewi", commitment: .school, status: .notMet,
              note: "bolos 5 hari", recordedBy: "Rina", recordedAt: F.instant("2026-12-20 10:00")),
        .init(month: CalendarMonth(year: 2026, month: 12)!, householdID: "H4", memberName: "Nenek", commitment: .posyandu,
              status: .excused, recordedBy: "Rina", recordedAt: F.instant("2026-12-20 10:00")),
    ]

    @Test("December: meeting held with its session, 2 of 4 present, the absent with motivation and a home visit, verification, messages and cost",
          arguments: Backend.available)
    func december(backend: Backend) async throws {
        let store = try await Self.seeded(backend)
        let month = CalendarMonth(year: 2026, month: 12)!
        let h1 = AttendanceService.motivationKey("H1", meeting: "G1/2026-12")
        let h3 = AttendanceService.motivationKey("H3", meeting: "G1/2026-12")
        _ = try await store.setState(.delivered, forMessage: h1, at: F.instant("2026-12-09 07:05"))
        _ = try await store.setState(.failed, forMessage: h3, at: F.instant("2026-12-09 07:05"))
        let h1Segments = try #require(try await store.outboxMessage(key: h1)).segments
        let builder = MonthlyReportBuilder(store: store, rules: try F.rules(), prices: MessagePrices(smsSegment: 300, whatsAppMessage: 400))
        let report = try await builder.build(.init(month: month, scope: .everything, now: F.instant("2027-01-02 08:00")))

        let group = try #require(report.facilitators.first?.groups.first)
        #expect(report.facilitators.map(\.id) == ["F1"] && report.facilitators.first?.name == "Rina")
        #expect(group.meeting?.id == "G1/2026-12" && group.meeting?.status == .held)
        #expect(group.meeting?.start == LocalDateTime(date: CalendarDate(year: 2026, month: 12, day: 8)!, time: TimeOfDay(hour: 9, minute: 0)!))
        #expect(group.meeting?.sessionTitle != nil)
        #expect(group.attendance == .init(present: 1, excused: 1, absent: 2))
        #expect(group.attendance?.rate == 0.25)
        #expect(group.followUps.map(\.householdID) == ["H1", "H2", "H3"])
        #expect(group.followUps.map(\.status) == [.absent, .excused, .absent])
        #expect(group.followUps.map(\.motivation) == [.delivered, .planned, .failed])
        #expect(group.followUps[1].reason == "anak sakit")
        // The third miss in a row asks for a visit a week after the meeting; the others none.
        #expect(group.followUps.map(\.homeVisitDue) == [nil, nil, CalendarDate(year: 2026, month: 12, day: 15)])

        #expect(group.verification.counts[.school] == .init(met: 1, notMet: 1))
        #expect(group.verification.counts[.posyandu] == .init(excused: 1))
        #expect(group.verification.notMet.map(\.householdID) == ["H2"] && group.verification.notMet.first?.note == "bolos 5 hari")

        // December's messages: the three motivation messages (due the 9th), one delivered, one failed, one queued.
        #expect(group.messages.total == 3 && group.messages.delivered == 1 && group.messages.failed == 1 && group.messages.planned == 1)
        #expect(group.messages.sent == 1)
        // Only the delivered one was taken by a gateway: its segments are what it costs.
        #expect(group.smsSegments == h1Segments && group.cost == 300 * h1Segments)
        #expect(report.totals.cost == group.cost && report.totals.homeVisits == 1 && report.totals.motivationMessages == 3)
        #expect(report.totals.meetings[.held] == 1 && report.totals.notRecorded == 0)

        // The same month before the meeting: not yet held, attendance not recorded, nothing followed.
        let before = try await builder.build(.init(month: CalendarMonth(year: 2027, month: 1)!, scope: .everything,
                                                   now: F.instant("2027-01-02 08:00")))
        let january = try #require(before.groups.first)
        #expect(january.meeting?.status == .upcoming && january.attendance == nil && january.followUps.isEmpty)

        // Another facilitator's scope sees no group; naming the group is "not found".
        let other = try await builder.build(.init(month: month, scope: .facilitator("F2"), now: F.instant("2027-01-02 08:00")))
        #expect(other.facilitators.isEmpty && other.totals.groups == 0)
        await #expect(throws: ReportError(.unknownGroup("G1"))) {
            _ = try await builder.build(.init(month: month, scope: .facilitator("F2"), groupID: "G1", now: F.instant("2027-01-02 08:00")))
        }
    }

    @Test("verification tally: counts per commitment, expected but unrecorded subjects, members not met by household")
    func tally() {
        let month = CalendarMonth(year: 2026, month: 12)!
        func record(_ household: String, _ name: String, _ commitment: Commitment, _ status: VerificationStatus) -> CommitmentVerification {
            CommitmentVerification(month: month, householdID: household, memberName: name, commitment: commitment, status: status,
                                   recordedBy: "Rina", recordedAt: Date(timeIntervalSince1970: 0))
        }
        let expected: Set<CommitmentSubject> = [
            CommitmentSubject(householdID: "H1", memberName: "asep", commitment: .school),
            CommitmentSubject(householdID: "H2", memberName: "Dewi", commitment: .school),
            CommitmentSubject(householdID: "H3", memberName: "Bayi", commitment: .immunisation),
        ]
        let tally = VerificationTally(records: [
            record("H1", "Asep", .school, .met), record("H9", "Zaki", .school, .notMet), record("H2", "Dewi", .school, .notMet),
        ], expected: expected)
        // "asep" is Asep (names match by key); Bayi's immunisation is expected and not recorded.
        #expect(tally.counts[.school] == .init(met: 1, notMet: 2, excused: 0, notRecorded: 0))
        #expect(tally.counts[.immunisation] == .init(notRecorded: 1))
        #expect(tally.notMet.map(\.householdID) == ["H2", "H9"])
        #expect(tally.total == .init(met: 1, notMet: 2, excused: 0, notRecorded: 1))
    }
}
