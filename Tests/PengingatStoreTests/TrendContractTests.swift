import Foundation
import PengingatCore
import PengingatStore
import Testing

/// The month-by-month pictures' figures: counted per month, scoped, the same in every store.
@Suite("Trend store contract")
struct TrendContractTests {
    static let base = OutboxContractTests.base

    @Test("attendance per meeting month and delivery per due month, for a group, a facilitator and everyone", arguments: StoreKind.allCases)
    func monthly(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        func record(_ meeting: String, group: String, _ statuses: [(String, AttendanceStatus)]) async throws {
            _ = try await store.recordAttendance(
                statuses.map { AttendanceRecord(meetingID: meeting, householdID: $0.0, status: $0.1, recordedBy: "rina", recordedAt: Self.base) },
                meetingID: meeting, groupID: group)
        }
        try await record("G1/2026-11", group: "G1", [("H1", .present), ("H2", .absent)])
        try await record("G1/2026-12", group: "G1", [("H1", .present), ("H2", .excused)])
        try await record("G2/2026-12", group: "G2", [("H3", .present)])
        // A month outside the window is not counted.
        try await record("G1/2026-05", group: "G1", [("H1", .absent)])

        // Messages due in November and December (WIB), in every state a message ends in.
        let messages: [(String, String, Double, OutboxState)] = [
            ("n1", "G1", -20 * 86_400, .delivered), ("n2", "G1", -20 * 86_400, .failed),
            ("d1", "G1", 3_600, .delivered), ("d2", "G1", 7_200, .accepted), ("d3", "G1", 7_200, .queued),
            ("d4", "G2", 3_600, .delivered),
        ]
        for group in ["G1", "G2"] {
            let ofGroup = messages.filter { $0.1 == group }.map { key, group, due, _ in
                DashboardContractTests.message(key, group: group, due: due / 3600, items: [])
            }
            _ = try await store.commit(ofGroup, source: "planner", groupID: group,
                                       window: DateInterval(start: Self.base.addingTimeInterval(-86_400 * 40), duration: 86_400 * 50),
                                       stale: [], at: Self.base.addingTimeInterval(-86_400 * 40))
        }
        for (key, _, _, state) in messages where state != .queued {
            _ = try await store.setState(state, forMessage: key, at: Self.base)
        }
        let months = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
        let everyone = try await store.monthlyTrends(TrendRequest(scope: .everything, months: months, zone: .wib))
        #expect(everyone.attendance["2026-11"] == .init(present: 1, excused: 0, absent: 1))
        #expect(everyone.attendance["2026-12"] == .init(present: 2, excused: 1, absent: 0))
        #expect(everyone.attendance["2026-05"] == nil && everyone.attendance.count == 2)
        #expect(everyone.delivery["2026-11"] == .init(sent: 2, delivered: 1))
        // Queued is not sent; accepted is, and not (yet) delivered.
        #expect(everyone.delivery["2026-12"] == .init(sent: 3, delivered: 2))

        let rina = try await store.monthlyTrends(TrendRequest(scope: .facilitator("F1"), months: months, zone: .wib))
        #expect(rina.attendance["2026-12"] == .init(present: 1, excused: 1, absent: 0))
        #expect(rina.delivery["2026-12"] == .init(sent: 2, delivered: 1))
        let mawar = try await store.monthlyTrends(TrendRequest(scope: .everything, groupID: "G2", months: months, zone: .wib))
        #expect(mawar.attendance == ["2026-12": .init(present: 1)] && mawar.delivery == ["2026-12": .init(sent: 1, delivered: 1)])
        // Budi's scope does not reach Rina's group, even when asked for it by id.
        let across = try await store.monthlyTrends(TrendRequest(scope: .facilitator("F2"), groupID: "G1", months: months, zone: .wib))
        #expect(across == MonthlyTrends())
    }
}
