import Foundation
import PengingatCore
import PengingatStore
import Testing

/// What every attendance store must do.
@Suite("Attendance store contract")
struct AttendanceContractTests {
    static let noon = Date(timeIntervalSince1970: 1_796_706_000)  // 8 December 2026 12.00 WIB

    static func record(_ household: String, _ status: AttendanceStatus, reason: String? = nil, meeting: String = "G1/2026-12",
                       by: String = "Rina", at: Date = noon) -> AttendanceRecord {
        AttendanceRecord(meetingID: meeting, householdID: household, status: status, reason: reason, recordedBy: by, recordedAt: at)
    }

    @Test("recording a meeting twice replaces it: one row per household, unchanged rows keep their recorder", arguments: StoreKind.allCases)
    func correction(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = [Self.record("H1", .absent), Self.record("H2", .excused, reason: "sakit"), Self.record("H3", .present)]
        #expect(try await store.recordAttendance(first, meetingID: "G1/2026-12", groupID: "G1") == 3)
        let later = Self.noon.addingTimeInterval(3600)
        let second = [Self.record("H1", .present, by: "Dedi", at: later), Self.record("H2", .excused, reason: "sakit", by: "Dedi", at: later),
                      Self.record("H3", .present, by: "Dedi", at: later)]
        #expect(try await store.recordAttendance(second, meetingID: "G1/2026-12", groupID: "G1") == 1)
        let stored = try await store.attendance(meetingID: "G1/2026-12")
        #expect(stored.map(\.householdID) == ["H1", "H2", "H3"])
        #expect(stored[0].status == .present && stored[0].recordedBy == "Dedi" && stored[0].recordedAt == later)
        #expect(stored[1].recordedBy == "Rina" && stored[1].recordedAt == Self.noon && stored[1].reason == "sakit")
    }

    @Test("history is per group and per meeting", arguments: StoreKind.allCases)
    func history(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.recordAttendance([Self.record("H1", .absent)], meetingID: "G1/2026-12", groupID: "G1")
        _ = try await store.recordAttendance([Self.record("H1", .present, meeting: "G1/2027-01")], meetingID: "G1/2027-01", groupID: "G1")
        _ = try await store.recordAttendance([Self.record("H5", .absent, meeting: "G2/2026-12")], meetingID: "G2/2026-12", groupID: "G2")
        let history = try await store.attendanceHistory(groupID: "G1")
        #expect(history.keys.sorted() == ["G1/2026-12", "G1/2027-01"])
        #expect(history["G1/2027-01"]?.map(\.status) == [.present])
        #expect(try await store.attendance(meetingID: "G9/2026-12").isEmpty)
    }
}
