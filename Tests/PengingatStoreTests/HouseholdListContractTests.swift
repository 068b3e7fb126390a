import Foundation
import PengingatCore
import PengingatStore
import Testing

/// The API's list of households: filtered, scoped and paged by id in the query, the same in every store.
@Suite("Household list contract")
struct HouseholdListContractTests {
    @Test("pages by id after a cursor; filters by group, status, consent and part of a name; never outside the scope",
          arguments: StoreKind.allCases)
    func pages(kind: StoreKind) async throws {
        let store = try await kind.make()
        var update = RosterFixture.update
        update.households += [
            Household(id: "H4", caregiverName: "Nur_Aini 100%", phone: nil, groupID: "G1", status: .inactive),
            Household(id: "H5", caregiverName: "ANITA", phone: nil, groupID: "G1"),
        ]
        _ = try await store.apply(update)
        _ = try await store.recordConsent(.optedOut, householdID: "H2")
        func ids(_ scope: AccessScope, _ filter: HouseholdFilter = HouseholdFilter(), after: String? = nil, limit: Int = 10)
            async throws -> [String] {
            try await store.households(in: scope, matching: filter, after: after, limit: limit).map(\.id)
        }
        #expect(try await ids(.everything, limit: 2) == ["H1", "H2"])
        #expect(try await ids(.everything, after: "H2", limit: 2) == ["H3", "H4"])
        #expect(try await ids(.everything, after: "H5") == [])
        #expect(try await ids(.facilitator("F1")) == ["H1", "H2", "H4", "H5"])
        #expect(try await ids(.facilitator("F2"), HouseholdFilter(groupID: "G1")) == [])
        #expect(try await ids(.everything, HouseholdFilter(status: .inactive)) == ["H4"])
        #expect(try await ids(.everything, HouseholdFilter(consent: .optedOut)) == ["H2"])
        // Any case; the name's own % and _ are letters, not wildcards.
        #expect(try await ids(.everything, HouseholdFilter(name: "ani")) == ["H1", "H5"])
        #expect(try await ids(.everything, HouseholdFilter(name: "_")) == ["H4"])
        #expect(try await ids(.everything, HouseholdFilter(name: "0%")) == ["H4"])
        #expect(try await ids(.everything, HouseholdFilter(groupID: "G1", status: .active, name: "I")) == ["H1", "H2", "H5"])
    }
}
