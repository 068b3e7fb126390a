import Foundation
import PengingatCore
import PengingatStore
import Testing

/// The monthly report's reads: a month's messages per group with what a provider bills, and
/// named messages' states; both scoped, the same in every store.
@Suite("Report store contract")
struct ReportContractTests {
    static let base = OutboxContractTests.base

    static func message(_ key: String, group: String, hours: Double, channel: Household.Channel, segments: Int) -> OutboxMessage {
        OutboxMessage(
            key: key, source: "planner", phone: try! PhoneNumber(parsing: "081234567890"), channel: channel, language: .indonesian,
            groupID: group, dueAt: base.addingTimeInterval(hours * 3600), expiresAt: base.addingTimeInterval(86_400 * 9),
            priority: 5, text: "Ibu, besok posyandu.", segments: segments, encoding: "GSM-7", items: [])
    }

    @Test("messages of the window counted per group and state; billed segments and WhatsApp messages; scope and groups in the query",
          arguments: StoreKind.allCases)
    func counts(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let messages = [
            Self.message("a1", group: "G1", hours: 1, channel: .sms, segments: 2),
            Self.message("a2", group: "G1", hours: 2, channel: .sms, segments: 3),
            Self.message("a3", group: "G1", hours: 3, channel: .whatsapp, segments: 1),
            Self.message("a4", group: "G1", hours: 4, channel: .sms, segments: 5),
            Self.message("a5", group: "G1", hours: 5, channel: .sms, segments: 7),
            // Outside the window: not counted.
            Self.message("a6", group: "G1", hours: 100, channel: .sms, segments: 1),
            Self.message("b1", group: "G2", hours: 1, channel: .whatsapp, segments: 1),
        ]
        for group in ["G1", "G2"] {
            _ = try await store.commit(messages.filter { $0.groupID == group }, source: "planner", groupID: group,
                                       window: DateInterval(start: Self.base.addingTimeInterval(-86_400), duration: 86_400 * 10),
                                       stale: [], at: Self.base.addingTimeInterval(-86_400))
        }
        for (key, state) in [("a1", OutboxState.delivered), ("a2", .accepted), ("a3", .delivered), ("a4", .failed), ("b1", .unconfirmed)] {
            _ = try await store.setState(state, forMessage: key, at: Self.base)
        }
        let window = DateInterval(start: Self.base, duration: 86_400)
        let all = try await store.messageCounts(MessageCountRequest(scope: .everything, groupIDs: ["G1", "G2"], window: window))
        // a4 failed without a gateway ever taking it (no sent_at): not billed. a5 is still queued.
        #expect(all["G1"] == MessageCounts(byState: [.delivered: 2, .accepted: 1, .failed: 1, .queued: 1],
                                           smsSegmentsAccepted: 5, whatsAppAccepted: 1))
        #expect(all["G2"] == MessageCounts(byState: [.unconfirmed: 1], smsSegmentsAccepted: 0, whatsAppAccepted: 1))
        // Only the groups asked for, and only those the scope sees.
        let one = try await store.messageCounts(MessageCountRequest(scope: .everything, groupIDs: ["G2"], window: window))
        #expect(Array(one.keys) == ["G2"])
        let budi = try await store.messageCounts(MessageCountRequest(scope: .facilitator("F2"), groupIDs: ["G1", "G2"], window: window))
        #expect(Array(budi.keys) == ["G2"])

        let states = try await store.outboxStates(keys: ["a1", "a4", "b1", "nothing"], in: .everything)
        #expect(states == ["a1": .delivered, "a4": .failed, "b1": .unconfirmed])
        #expect(try await store.outboxStates(keys: ["a1", "b1"], in: .facilitator("F2")) == ["b1": .unconfirmed])
        #expect(try await store.outboxStates(keys: [], in: .everything).isEmpty)
    }
}
