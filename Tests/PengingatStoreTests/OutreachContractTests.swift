import Foundation
import PengingatCore
import PengingatStore
import Testing

/// Broadcast records and reachability judgements, the same in every store.
@Suite("Broadcast and reachability store contract")
struct OutreachContractTests {
    typealias O = OutboxContractTests
    static let base = O.base

    static func broadcastMessage(_ broadcast: String, _ household: String, due: TimeInterval = 0) -> OutboxMessage {
        OutboxMessage(
            key: Broadcast.keyPrefix(broadcast) + household, source: "broadcast", phone: try! PhoneNumber(parsing: "08123456789\(household.suffix(1))"),
            channel: .sms, language: .indonesian, groupID: "G1", dueAt: base.addingTimeInterval(due), expiresAt: base.addingTimeInterval(86_400),
            priority: 6, text: "Halo", segments: 1, encoding: "GSM-7",
            items: [OutboxItem(key: Broadcast.keyPrefix(broadcast) + household, householdID: household, eventKey: "siaran/\(broadcast)",
                               eventAt: base, kind: "broadcast")])
    }

    static func broadcast(_ id: String, at offset: TimeInterval = 0, facilitator: String? = "F1") -> Broadcast {
        Broadcast(id: id, createdBy: "Rina", createdAt: base.addingTimeInterval(offset), audience: "kelompok:G1", facilitatorID: facilitator,
                  content: "Halo", scheduledAt: base, households: 2, messages: 2, segments: 2, estimatedCost: 600)
    }

    @Test("a broadcast is kept as recorded; cancelling takes only its queued messages, and says how many were too late",
          arguments: StoreKind.allCases)
    func broadcasts(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.recordBroadcast(Self.broadcast("SRN-1"))
        try await store.recordBroadcast(Self.broadcast("SRN-2", at: 60, facilitator: "F2"))
        // A key that merely starts like SRN-1's (SRN-10) must not be touched by cancelling SRN-1.
        try await store.recordBroadcast(Self.broadcast("SRN-10", at: 120))
        let messages = [Self.broadcastMessage("SRN-1", "H1"), Self.broadcastMessage("SRN-1", "H2", due: -60),
                        Self.broadcastMessage("SRN-10", "H3"), Self.broadcastMessage("SRN-2", "H4")]
        _ = try await store.commit(messages, source: "broadcast", groupID: nil, window: DateInterval(start: Self.base, duration: 0), stale: [], at: Self.base)
        // H2's message is already being sent.
        let claimed = try await store.claim(now: Self.base.addingTimeInterval(-30), limit: 1, owner: "d", leaseUntil: Self.base.addingTimeInterval(60))
        #expect(claimed.map(\.key) == ["siaran/SRN-1/H2"])

        let result = try await store.cancelBroadcast(id: "SRN-1", by: "Dedi", at: Self.base)
        #expect(result == BroadcastCancellation(cancelled: 1, underway: 1))
        #expect(try await store.broadcastProgress(id: "SRN-1") == [.cancelled: 1, .sending: 1])
        #expect(try await store.broadcastProgress(id: "SRN-10") == [.queued: 1])
        let stored = try #require(try await store.broadcast(id: "SRN-1"))
        #expect(stored.state == .cancelled && stored.cancelledBy == "Dedi" && stored.cancelledAt == Self.base)
        #expect(stored.estimatedCost == 600 && stored.audience == "kelompok:G1" && stored.createdBy == "Rina")
        #expect(try await store.broadcasts(facilitatorID: nil, limit: 10).map(\.id) == ["SRN-10", "SRN-2", "SRN-1"])
        #expect(try await store.broadcasts(facilitatorID: "F2", limit: 10).map(\.id) == ["SRN-2"])
        #expect(try await store.cancelBroadcast(id: "SRN-9", by: "Dedi", at: Self.base) == nil)
        let log = try await store.deliveryLog(DeliveryLogFilter(householdID: "H1"))
        #expect(log.last?.toState == .cancelled)
    }

    @Test("phone outcomes come from final states; reachability judgements are kept and forgotten", arguments: StoreKind.allCases)
    func reachability(kind: StoreKind) async throws {
        let store = try await kind.make()
        let phone = try PhoneNumber(parsing: "081234567890")
        _ = try await store.commit([O.message("a", due: -3), O.message("b", due: -2), O.message("c", due: -1)], source: "planner",
                                   groupID: "G1", window: O.window, stale: [], at: O.window.start)
        let sendTime = Self.base.addingTimeInterval(-1800)
        let claimed = try await store.claim(now: sendTime, limit: 3, owner: "d", leaseUntil: Self.base)
        #expect(claimed.count == 3)
        for (key, consequence) in [("a", AttemptRecord.Consequence.failed), ("b", .accepted(providerID: "p-b")), ("c", .accepted(providerID: nil))] {
            _ = try await store.finishAttempt(AttemptRecord(key: key, owner: "d", gateway: "sms", at: sendTime, httpStatus: 200, latency: 0,
                                                            error: nil, consequence: consequence))
        }
        _ = try await store.applyReport(DeliveryReport(match: .key("b"), state: .delivered, at: Self.base, detail: "DLR 1"))
        let outcomes = try await store.phoneOutcomes(since: Self.base.addingTimeInterval(-86_400))
        #expect(outcomes[phone]?.map(\.result).sorted { $0.rawValue < $1.rawValue } == [.failed, .reached])
        #expect(try await store.phoneOutcomes(since: Self.base.addingTimeInterval(3600)).isEmpty)

        let judgement = HouseholdReachability(householdID: "H1", phone: phone, reachable: false, reason: "3 pesan gagal", since: Self.base)
        try await store.recordReachability(unreachable: [judgement], reachableAgain: [])
        #expect(try await store.unreachableHouseholds() == ["H1": judgement])
        // Read within a facilitator's scope (H1 is in F1's group G1), or for one household.
        _ = try await store.apply(RosterFixture.update)
        #expect(try await store.unreachableHouseholds(in: .facilitator("F1"), householdID: nil) == ["H1": judgement])
        #expect(try await store.unreachableHouseholds(in: .facilitator("F2"), householdID: nil).isEmpty)
        #expect(try await store.unreachableHouseholds(in: .everything, householdID: "H1") == ["H1": judgement])
        #expect(try await store.unreachableHouseholds(in: .everything, householdID: "H2").isEmpty)
        try await store.recordReachability(unreachable: [], reachableAgain: ["H1"])
        #expect(try await store.unreachableHouseholds().isEmpty)
    }
}
