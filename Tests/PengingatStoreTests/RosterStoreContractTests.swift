import Foundation
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

    /// The planner reads a group's households and members in one order on every store: households
    /// by id in byte order ("HZ" before "Ha"), each one's members active first, then by name key
    /// (which folds case).
    @Test("a group's households come by id, their members active first, then by name", arguments: StoreKind.allCases)
    func groupReadOrder(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        let households = ["H9", "H10", "Ha", "HZ"].map {
            Household(id: $0, caregiverName: "Ibu \($0)", phone: nil, groupID: "G2")
        }
        let members = [
            Member(householdID: "HZ", name: "beta"), Member(householdID: "HZ", name: "Alfa", isActive: false),
            Member(householdID: "HZ", name: "Zaenal"), Member(householdID: "H10", name: "Cucu"),
            Member(householdID: "H9", name: "Dadang", isActive: false), Member(householdID: "H9", name: "Ujang"),
        ]
        _ = try await store.apply(RosterUpdate(households: households, members: members,
                                               householdsWithCompleteMembers: Set(households.map(\.id))))
        let read = try await store.households(in: .everything, groupID: "G2")
        #expect(read.map(\.id) == ["H10", "H3", "H9", "HZ", "Ha"])
        // One household's members in the same order, as its page lists them.
        #expect(try await store.members(ofHousehold: "HZ", in: .everything).map(\.name) == ["beta", "Zaenal", "Alfa"])
        let byGroup = try await store.members(ofGroup: "G2", in: .everything)
        #expect(byGroup.map { "\($0.householdID)/\($0.name)" } == [
            "H10/Cucu", "H3/Siti", "H9/Ujang", "H9/Dadang", "HZ/beta", "HZ/Zaenal", "HZ/Alfa",
        ])
        let planned = try #require(try await store.planningReads(
            ofGroups: ["G2", "G1"], in: .everything, messagesDueIn: DateInterval(start: .now, duration: 1),
            verifiedMonths: CalendarMonth(year: 2026, month: 11)!...CalendarMonth(year: 2026, month: 12)!).first)
        #expect(planned.households.map(\.id) == read.map(\.id))
        #expect(planned.members == byGroup)
        // A facilitator sees only their own groups' rows.
        #expect(try await store.members(ofGroup: "G2", in: .facilitator("F1")).isEmpty)
        #expect(try await store.members(ofGroup: "G2", in: .facilitator("F2")) == byGroup)
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

    @Test("a phone is shared when more than one active household lists it", arguments: StoreKind.allCases)
    func sharedPhones(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        #expect(try await store.sharedPhones().isEmpty)
        let shared = try PhoneNumber(parsing: "081234567890")
        var second = RosterFixture.households[1]
        second.phone = shared
        _ = try await store.apply(RosterUpdate(households: [second]))
        #expect(try await store.sharedPhones() == [shared])
        // A household no longer active does not make its phone shared.
        var former = RosterFixture.households[0]
        former.status = .inactive
        _ = try await store.apply(RosterUpdate(households: [former]))
        #expect(try await store.sharedPhones().isEmpty)
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

    static func stream(_ parts: [RosterUpdate], thenThrow error: (any Error)? = nil) -> AsyncThrowingStream<RosterUpdate, any Error> {
        let (stream, sink) = AsyncThrowingStream<RosterUpdate, any Error>.makeStream()
        for part in parts { sink.yield(part) }
        sink.finish(throwing: error)
        return stream
    }

    struct GivenUp: Error {}

    @Test("an import in parts stores what the parts merged would, and counts the same", arguments: StoreKind.allCases)
    func parts(kind: StoreKind) async throws {
        let whole = try await kind.make()
        _ = try await whole.apply(RosterFixture.update)
        let parted = try await kind.make()
        _ = try await parted.apply(RosterFixture.update)
        // The second import changes a household and retires a member and a household, split as
        // the importer splits it: households first, members and what the whole decides after.
        var changed = RosterFixture.households[0]
        changed.address = "Kp. Melati"
        let members = RosterFixture.members.filter { $0.name != "Asep" }
        let first = RosterUpdate(facilitators: RosterFixture.facilitators, groups: RosterFixture.groups,
                                 households: [changed, RosterFixture.households[1]])
        let second = RosterUpdate(members: members, householdsWithCompleteMembers: ["H1"], householdsToDeactivate: ["H3"])
        var merged = first
        merged.add(second)
        let expected = try await whole.apply(merged)
        let summary = try await parted.apply(parts: Self.stream([first, RosterUpdate(), second]))
        #expect(summary == expected)
        #expect(summary.members.retired == 1 && summary.households.retired == 1 && summary.households.updated == 1)
        #expect(try await parted.households(in: .everything, groupID: nil) == whole.households(in: .everything, groupID: nil))
        #expect(try await parted.members(ofHousehold: "H1", in: .everything) == whole.members(ofHousehold: "H1", in: .everything))
    }

    @Test("parts that end in an error store nothing, and the error is theirs", arguments: StoreKind.allCases)
    func partsGivenUp(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = RosterUpdate(facilitators: RosterFixture.facilitators, groups: RosterFixture.groups,
                                 households: RosterFixture.households)
        await #expect(throws: GivenUp.self) {
            _ = try await store.apply(parts: Self.stream([first], thenThrow: GivenUp()))
        }
        #expect(try await store.households(in: .everything, groupID: nil).isEmpty)
        #expect(try await store.facilitators().isEmpty)
        // The store is usable afterwards: the writer was released.
        #expect(try await store.apply(RosterFixture.update).households.inserted == 3)
    }

    @Test("a cancelled import in parts stores nothing", arguments: StoreKind.allCases)
    func partsCancelled(kind: StoreKind) async throws {
        let store = try await kind.make()
        let (stream, sink) = AsyncThrowingStream<RosterUpdate, any Error>.makeStream()
        sink.yield(RosterUpdate(facilitators: RosterFixture.facilitators, groups: RosterFixture.groups,
                                households: RosterFixture.households))
        // The stream never ends: only the cancellation stops the import.
        let importing = Task { try await store.apply(parts: stream) }
        importing.cancel()
        _ = try? await importing.value
        sink.finish()
        #expect(try await store.households(in: .everything, groupID: nil).isEmpty)
        #expect(try await store.apply(RosterFixture.update).households.inserted == 3)
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
        #expect(try await store.group(id: "G2", in: scope)?.id == "G2")
        #expect(try await store.group(id: "G1", in: scope) == nil)
        #expect(try await store.group(id: "G1", in: .everything) == RosterFixture.groups.first { $0.id == "G1" })
        #expect(try await store.group(id: "G9", in: .everything) == nil)
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
