import PengingatCore
import PengingatStore
import Testing

/// What every store must do; the PostgreSQL store will join these arguments.
@Suite("Roster store contract")
struct RosterStoreContractTests {
    @Test("values read back exactly as stored", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        let store = try await kind.make()
        let summary = try await store.apply(RosterFixture.update)
        #expect(summary.households.inserted == 3)
        #expect(summary.members.inserted == 5)
        #expect(try await store.facilitators() == RosterFixture.facilitators)
        #expect(try await store.groups(in: .everything) == RosterFixture.groups)
        #expect(try await store.households(in: .everything, groupID: nil) == RosterFixture.households)
        #expect(try await store.posyandus() == RosterFixture.update.posyandus)
        let members = try await store.members(ofHousehold: "H1", in: .everything)
        #expect(members == RosterFixture.members.filter { $0.householdID == "H1" })
        #expect(try await store.groups(in: .everything).first?.zone.identifier == "Asia/Pontianak")
    }

    @Test("text a bulk write must escape reads back byte for byte", arguments: StoreKind.allCases)
    func awkwardText(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        var household = RosterFixture.households[0]
        household.caregiverName = #"Siti "Ibu" Nur\aini"#
        household.address = "Kp. Anggrek\nRT 1\t/ RW 2 \u{1} — Blok C, \u{00E9}\u{1F600}"
        var member = RosterFixture.members[0]
        member.name = #"Ani "Kecil""#
        let summary = try await store.apply(RosterUpdate(households: [household], members: [member]))
        #expect(summary.households.updated == 1)
        let stored = try await store.household(id: household.id, in: .everything)
        #expect(stored?.caregiverName == household.caregiverName)
        #expect(stored?.address == household.address)
        #expect(try await store.members(ofHousehold: household.id, in: .everything).contains { $0.name == member.name })
        // Written again, the same awkward text compares equal: nothing changes.
        #expect(try await store.apply(RosterUpdate(households: [household])).written == 0)
    }

    @Test("applying the same update twice changes nothing the second time", arguments: StoreKind.allCases)
    func idempotent(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let again = try await store.apply(RosterFixture.update)
        #expect(again.written == 0)
        #expect(again.households.unchanged == 3)
        #expect(again.members.unchanged == 5)
        #expect(try await store.households(in: .everything, groupID: nil).count == 3)
    }

    @Test("a changed row counts as updated and reads back changed", arguments: StoreKind.allCases)
    func updates(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        var changed = RosterFixture.households[0]
        changed.phone = try PhoneNumber(parsing: "089512345678")
        let summary = try await store.apply(RosterUpdate(households: [changed]))
        #expect(summary.households.updated == 1)
        #expect(try await store.household(id: "H1", in: .everything)?.phone?.e164 == "+6289512345678")
    }

    @Test("a household's own opt-out survives a re-import", arguments: StoreKind.allCases)
    func consentSurvivesImport(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        #expect(try await store.recordConsent(.optedOut, householdID: "H3"))
        #expect(try await store.recordConsent(.optedOut, householdID: "nobody") == false)
        let summary = try await store.apply(RosterFixture.update)
        #expect(summary.households.written == 0)
        #expect(try await store.household(id: "H3", in: .everything)?.consent == .optedOut)
    }

    @Test("deactivation retires active households and never deletes", arguments: StoreKind.allCases)
    func deactivation(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let summary = try await store.apply(RosterUpdate(householdsToDeactivate: ["H2", "missing"]))
        #expect(summary.households.retired == 1)
        #expect(try await store.household(id: "H2", in: .everything)?.status == .inactive)
        #expect(try await store.households(in: .everything, groupID: nil).count == 3)
        let again = try await store.apply(RosterUpdate(householdsToDeactivate: ["H2"]))
        #expect(again.households.retired == 0)
        #expect(try await store.directory().activeHouseholdIDs == ["H1", "H3"])
    }

    @Test("members missing from a complete list retire; an incomplete list retires no one", arguments: StoreKind.allCases)
    func memberRetirement(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let withoutAsep = RosterFixture.members.filter { $0.name != "Asep" && $0.householdID == "H1" }
        let withoutBayi = RosterFixture.members.filter { $0.name != "Bayi" && $0.householdID == "H2" }
        let summary = try await store.apply(RosterUpdate(
            members: withoutAsep + withoutBayi, householdsWithCompleteMembers: ["H1"]))
        #expect(summary.members.retired == 1)
        let h1 = try await store.members(ofHousehold: "H1", in: .everything)
        #expect(h1.map(\.name) == ["Ani", "Asep"])
        #expect(h1.map(\.isActive) == [true, false])
        #expect(try await store.members(ofHousehold: "H2", in: .everything).allSatisfy(\.isActive))
    }

    @Test("a facilitator's scope reaches only their own groups", arguments: StoreKind.allCases)
    func accessScope(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let scope = AccessScope.facilitator("F2")
        #expect(try await store.groups(in: scope).map(\.id) == ["G2"])
        #expect(try await store.households(in: scope, groupID: nil).map(\.id) == ["H3"])
        #expect(try await store.households(in: scope, groupID: "G1").isEmpty)
        #expect(try await store.household(id: "H1", in: scope) == nil)
        #expect(try await store.members(ofHousehold: "H1", in: scope).isEmpty)
        #expect(try await store.household(id: "H1", in: .facilitator("F1"))?.caregiverName == "Ani")
    }

    @Test("the directory lists what is stored", arguments: StoreKind.allCases)
    func directory(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.directory() == RosterDirectory())
        _ = try await store.apply(RosterFixture.update)
        let directory = try await store.directory()
        #expect(directory.facilitatorIDs == ["F1", "F2"])
        #expect(directory.groupFacilitator == ["G1": "F1", "G2": "F2"])
        #expect(directory.householdGroup == ["H1": "G1", "H2": "G1", "H3": "G2"])
    }
}
