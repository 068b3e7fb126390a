import Foundation
import PengingatCore
import PengingatStore
import Testing

/// Replies kept, deduplicated, scoped and marked handled the same in every store.
@Suite("Reply store contract")
struct ReplyContractTests {
    static let base = OutboxContractTests.base
    static let ani = try! PhoneNumber(parsing: "081234567890")
    static let aniAlternate = try! PhoneNumber(parsing: "085712345678")
    static let siti = try! PhoneNumber(parsing: "081300001111")
    static let stranger = try! PhoneNumber(parsing: "089900001111")

    static func reply(
        _ id: String, from phone: PhoneNumber, households: [String], group: String?, at minutes: Double, text: String = "HADIR",
        intent: ReplyIntent = .attending, providerID: String? = nil, response: Reply.Response = .silent
    ) -> Reply {
        Reply(id: id, receivedAt: base.addingTimeInterval(minutes * 60), gateway: "kannel", providerID: providerID, phone: phone,
              householdIDs: households, groupID: group, text: text, intent: intent, response: response,
              responseKind: response == .answered ? "reply-acknowledgement" : nil, responseKey: response == .answered ? "balasan/\(id)" : nil)
    }

    static func seeded(_ kind: StoreKind) async throws -> any PengingatStore {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        return store
    }

    @Test("a reply is kept as received, with its reason; a gateway's retry of the same message is refused", arguments: StoreKind.allCases)
    func keepsAndDeduplicates(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        let izin = Self.reply("r1", from: Self.ani, households: ["H1"], group: "G1", at: 0, text: "IZIN anak sakit",
                              intent: .excused(reason: "anak sakit"), providerID: "kannel-77", response: .answered)
        #expect(try await store.recordReply(izin))
        // Same gateway, same provider id: the webhook was retried.
        #expect(try await store.recordReply(Self.reply("r2", from: Self.ani, households: ["H1"], group: "G1", at: 1,
                                                        providerID: "kannel-77")) == false)
        // The same provider id from another gateway is another message.
        let other = Reply(id: "r3", receivedAt: Self.base, gateway: "whatsapp", providerID: "kannel-77", phone: Self.ani,
                          householdIDs: ["H1"], groupID: "G1", text: "JADWAL", intent: .schedule)
        #expect(try await store.recordReply(other))
        // No provider id (a typed-in SMS): never a duplicate of anything but its own id.
        #expect(try await store.recordReply(Self.reply("r4", from: Self.ani, households: ["H1"], group: "G1", at: 2)))
        #expect(try await store.recordReply(Self.reply("r4", from: Self.ani, households: ["H1"], group: "G1", at: 2)) == false)

        let fromAni = try await store.replies(from: Self.ani, since: Self.base.addingTimeInterval(-60))
        #expect(fromAni.map(\.id) == ["r1", "r3", "r4"])
        #expect(fromAni.first == izin)
        #expect(try await store.replies(from: Self.ani, since: Self.base.addingTimeInterval(60)).map(\.id) == ["r4"])
    }

    @Test("when a number last wrote through one gateway: the newest of its messages there, none elsewhere",
          arguments: StoreKind.allCases)
    func lastReplyAt(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        #expect(try await store.lastReplyAt(from: Self.ani, gateway: "whatsapp") == nil)
        for (id, minutes, gateway, phone) in [("w1", 0.0, "whatsapp", Self.ani), ("w2", 90, "whatsapp", Self.ani),
                                              ("k1", 200, "kannel", Self.ani), ("w3", 300, "whatsapp", Self.siti)] {
            #expect(try await store.recordReply(Reply(
                id: id, receivedAt: Self.base.addingTimeInterval(minutes * 60), gateway: gateway, providerID: nil, phone: phone,
                householdIDs: [], groupID: nil, text: "halo", intent: .other)))
        }
        #expect(try await store.lastReplyAt(from: Self.ani, gateway: "whatsapp") == Self.base.addingTimeInterval(90 * 60))
        #expect(try await store.lastReplyAt(from: Self.ani, gateway: "kannel") == Self.base.addingTimeInterval(200 * 60))
        #expect(try await store.lastReplyAt(from: Self.stranger, gateway: "whatsapp") == nil)
    }

    @Test("a facilitator sees and marks only their own groups' replies; the coordinator sees the strangers' too",
          arguments: StoreKind.allCases)
    func scopedAndHandled(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        #expect(try await store.recordReply(Self.reply("a", from: Self.ani, households: ["H1"], group: "G1", at: 0)))
        #expect(try await store.recordReply(Self.reply("b", from: Self.siti, households: ["H3"], group: "G2", at: 1)))
        #expect(try await store.recordReply(Self.reply("c", from: Self.stranger, households: [], group: nil, at: 2, text: "promo",
                                                        intent: .other)))
        #expect(try await store.replies(in: .everything, unhandledOnly: true, since: nil, limit: 10).map(\.id) == ["c", "b", "a"])
        #expect(try await store.replies(in: .facilitator("F1"), unhandledOnly: true, since: nil, limit: 10).map(\.id) == ["a"])
        #expect(try await store.replies(in: .facilitator("F2"), unhandledOnly: true, since: nil, limit: 10).map(\.id) == ["b"])
        #expect(try await store.replies(in: .everything, unhandledOnly: false, since: Self.base.addingTimeInterval(30), limit: 10)
            .map(\.id) == ["c", "b"])
        #expect(try await store.replies(in: .everything, unhandledOnly: false, since: nil, limit: 1).map(\.id) == ["c"])
        // One household's, whatever else came in since: "H1" is not "H10" inside the stored list.
        #expect(try await store.recordReply(Self.reply("d", from: Self.ani, households: ["H10", "H1"], group: "G1", at: 3)))
        #expect(try await store.recordReply(Self.reply("e", from: Self.ani, households: ["H10"], group: "G1", at: 4)))
        #expect(try await store.replies(ofHousehold: "H1", in: .everything, limit: 10).map(\.id) == ["d", "a"])
        #expect(try await store.replies(ofHousehold: "H1", in: .facilitator("F1"), limit: 1).map(\.id) == ["d"])
        #expect(try await store.replies(ofHousehold: "H1", in: .facilitator("F2"), limit: 10).isEmpty)
        #expect(try await store.replies(ofHousehold: "H3", in: .facilitator("F2"), limit: 10).map(\.id) == ["b"])

        // F2 may not mark F1's reply, nor a stranger's.
        #expect(try await store.markReplyHandled(id: "a", by: "Budi", at: Self.base, in: .facilitator("F2")) == false)
        #expect(try await store.markReplyHandled(id: "c", by: "Budi", at: Self.base, in: .facilitator("F2")) == false)
        #expect(try await store.markReplyHandled(id: "a", by: "Rina", at: Self.base.addingTimeInterval(600), in: .facilitator("F1")))
        #expect(try await store.markReplyHandled(id: "zzz", by: "Rina", at: Self.base, in: .everything) == false)
        #expect(try await store.replies(in: .facilitator("F1"), unhandledOnly: true, since: nil, limit: 10).map(\.id) == ["e", "d"])
        let handled = try #require(try await store.replies(in: .facilitator("F1"), unhandledOnly: false, since: nil, limit: 10)
            .first { $0.id == "a" })
        #expect(handled.handledBy == "Rina" && handled.handledAt == Self.base.addingTimeInterval(600))
    }

    @Test("pages of replies follow on where the last stopped, ties in time broken by id, within the scope", arguments: StoreKind.allCases)
    func pages(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        // Two came in the same second (a gateway's batch), one a few milliseconds after.
        for (id, at) in [("r1", 0.0), ("r2", 60.0), ("r3", 60.0), ("r4", 60.007), ("r5", 120.0)] {
            #expect(try await store.recordReply(Reply(
                id: id, receivedAt: Self.base.addingTimeInterval(at), gateway: "kannel", providerID: nil, phone: Self.ani,
                householdIDs: ["H1"], groupID: "G1", text: "halo", intent: .other)))
        }
        #expect(try await store.recordReply(Self.reply("s1", from: Self.siti, households: ["H3"], group: "G2", at: 1)))
        var seen: [String] = []
        var before: Reply.Position?
        repeat {
            let page = try await store.replies(in: .facilitator("F1"), unhandledOnly: false, since: nil, before: before, limit: 2)
            seen += page.map(\.id)
            // The position as the API's cursor carries it: the millisecond, read back.
            before = page.count == 2 ? page.last.map {
                Reply.Position(receivedAt: Date(timeIntervalSince1970: ($0.receivedAt.timeIntervalSince1970 * 1000).rounded() / 1000), id: $0.id)
            } : nil
        } while before != nil
        #expect(seen == ["r5", "r4", "r3", "r2", "r1"])
    }

    @Test("households are found by either of their numbers", arguments: StoreKind.allCases)
    func householdsByPhone(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        #expect(try await store.households(withPhone: Self.ani).map(\.id) == ["H1"])
        #expect(try await store.households(withPhone: Self.aniAlternate).map(\.id) == ["H1"])
        #expect(try await store.households(withPhone: Self.siti).map(\.id) == ["H3"])
        #expect(try await store.households(withPhone: Self.stranger).isEmpty)
    }

    @Test("a number that writes in counts as reached", arguments: StoreKind.allCases)
    func repliesAreReach(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        #expect(try await store.recordReply(Self.reply("a", from: Self.siti, households: ["H3"], group: "G2", at: 0)))
        #expect(try await store.recordReply(Self.reply("old", from: Self.siti, households: ["H3"], group: "G2", at: -600)))
        let outcomes = try await store.phoneOutcomes(since: Self.base.addingTimeInterval(-3600))
        #expect(outcomes[Self.siti] == [PhoneOutcome(at: Self.base, result: .reached)])
    }
}
