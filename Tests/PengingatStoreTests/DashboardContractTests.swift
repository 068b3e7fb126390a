import Foundation
import PengingatCore
import PengingatStore
import Testing

/// The Beranda's reads: counted, grouped, scoped and bounded in the query, the same in every store.
@Suite("Dashboard store contract")
struct DashboardContractTests {
    /// 8 December 2026 09.00 WIB.
    static let base = OutboxContractTests.base
    static let today = CalendarDate(year: 2026, month: 12, day: 8)!

    static func message(_ key: String, group: String, due hours: Double, items: [(household: String, kind: String, at: Double)])
        -> OutboxMessage {
        OutboxMessage(
            key: key, source: "planner", phone: try! PhoneNumber(parsing: "081234567890"), channel: .sms, language: .indonesian,
            groupID: group, dueAt: base.addingTimeInterval(hours * 3600), expiresAt: base.addingTimeInterval(86_400 * 9),
            priority: 5, text: "Ibu, besok posyandu.", segments: 1, encoding: "GSM-7",
            items: items.enumerated().map { index, item in
                OutboxItem(key: "\(key)/\(index)", householdID: item.household, eventKey: "\(group)/e", eventAt: base.addingTimeInterval(item.at * 3600),
                           kind: item.kind)
            })
    }

    static func seeded(_ kind: StoreKind) async throws -> any PengingatStore {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let messages = [
            // Two immunisations today in Anggrek (F1), one of them told twice: one obligation each.
            message("q1", group: "G1", due: 1, items: [("H1", "immunisation", 2), ("H1", "p2k2-reminder-day-before", 2)]),
            message("q2", group: "G1", due: 2, items: [("H1", "immunisation", 3), ("H2", "immunisation", 4)]),
            // Due at 23.59 and at midnight WIB: today, then tomorrow.
            message("q3", group: "G1", due: 14.99, items: []),
            message("q4", group: "G1", due: 15, items: []),
            // Mawar (F2).
            message("q5", group: "G2", due: 1, items: [("H3", "immunisation", 2)]),
            message("f1", group: "G1", due: -30, items: []),
            message("f2", group: "G1", due: -20, items: []),
            message("f3", group: "G2", due: -10, items: []),
        ]
        for group in ["G1", "G2"] {
            _ = try await store.commit(messages.filter { $0.groupID == group }, source: "planner", groupID: group,
                                       window: DateInterval(start: base.addingTimeInterval(-86_400 * 3), duration: 86_400 * 12),
                                       stale: [], at: base.addingTimeInterval(-86_400 * 3))
        }
        for key in ["f1", "f2", "f3"] { _ = try await store.setState(.failed, forMessage: key, at: base) }
        for (id, group, handled) in [("r1", "G1", false), ("r2", "G1", true), ("r3", "G2", false), ("r4", nil, false)] {
            let reply = Reply(id: id, receivedAt: base, gateway: "kannel", providerID: nil, phone: try PhoneNumber(parsing: "081234567890"),
                              householdIDs: [], groupID: group, text: "halo", intent: .other)
            _ = try await store.recordReply(reply)
            if handled { _ = try await store.markReplyHandled(id: id, by: "rina", at: base, in: .everything) }
        }
        let phone = try PhoneNumber(parsing: "081234567890")
        try await store.recordReachability(unreachable: [
            HouseholdReachability(householdID: "H2", phone: phone, reachable: false, reason: "gagal 3 kali", since: base),
            HouseholdReachability(householdID: "H1", phone: phone, reachable: false, reason: "gagal 3 kali", since: base),
            HouseholdReachability(householdID: "H3", phone: phone, reachable: false, reason: "gagal 3 kali", since: base),
        ], reachableAgain: [])
        return store
    }

    static func request(_ scope: AccessScope, limit: Int) -> DashboardRequest {
        DashboardRequest(
            scope: scope, days: DateInterval(start: base.addingTimeInterval(-9 * 3600), duration: 8 * 86_400), zone: .wib,
            obligationKinds: ["immunisation"], failuresDue: DateInterval(start: base.addingTimeInterval(-7 * 86_400), end: base),
            limit: limit)
    }

    @Test("a facilitator's figures are their groups' only; per local day; lists cut at the limit with the full count kept; unreachable households named",
          arguments: StoreKind.allCases)
    func facilitator(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        let figures = try await store.dashboardFigures(Self.request(.facilitator("F1"), limit: 1))
        #expect(figures.queuedByDay == [Self.today: 3, Self.today.adding(days: 1): 1])
        #expect(figures.obligationsByDay[Self.today]?.map(\.householdName) == ["Ani"])
        #expect(figures.obligationsByDay[Self.today]?.first?.eventAt == Self.base.addingTimeInterval(2 * 3600))
        #expect(figures.obligationCountByDay == [Self.today: 2])
        #expect(figures.failures.map(\.key) == ["f2"])
        #expect(figures.unhandledReplies == 1)
        #expect(figures.unreachable.map(\.householdName) == ["Ani"])
        #expect(figures.unreachableCount == 2)

        let everything = try await store.dashboardFigures(Self.request(.everything, limit: 10))
        #expect(everything.queuedByDay == [Self.today: 4, Self.today.adding(days: 1): 1])
        #expect(everything.obligationsByDay[Self.today]?.map(\.householdID) == ["H1", "H2", "H3"])
        #expect(everything.failures.map(\.key) == ["f3", "f2", "f1"])
        #expect(everything.unhandledReplies == 3)
        #expect(everything.unreachable.map(\.householdID) == ["H1", "H2", "H3"])
        #expect(everything.unreachableCount == 3)
        #expect(try await store.dashboardFigures(Self.request(.facilitator("F9"), limit: 10)) == DashboardFigures())
    }

    @Test("a page's other counted reads: active households per group, names of a few households, meeting changes in scope",
          arguments: StoreKind.allCases)
    func counts(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        #expect(try await store.activeHouseholdCounts(in: .facilitator("F1")) == ["G1": 2])
        #expect(try await store.activeHouseholdCounts(in: .everything) == ["G1": 2, "G2": 1])
        #expect(try await store.householdNames(ids: ["H1", "H3", "X9"]) == ["H1": "Ani", "H3": "Siti"])
        #expect(try await store.householdNames(ids: []) == [:])
        try await store.recordMeetingChange(MeetingChange(meetingID: "G1/2026-12", newPlace: "Rumah Ketua"))
        try await store.recordMeetingChange(MeetingChange(meetingID: "G2/2026-12", cancelled: true))
        #expect(try await store.meetingChanges(in: .facilitator("F1")).keys.sorted() == ["G1/2026-12"])
        #expect(try await store.meetingChanges(in: .everything).keys.sorted() == ["G1/2026-12", "G2/2026-12"])
    }
}
