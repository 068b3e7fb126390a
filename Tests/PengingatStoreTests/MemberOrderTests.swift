import PengingatCore
@testable import PengingatStore
import Testing

/// The member order both stores give (`MemberOrder`), on its own: the contract suite checks that
/// each store follows it.
@Suite("Member order")
struct MemberOrderTests {
    @Test("by household id byte for byte, the active first, then by the stored name key")
    func order() {
        let members = [
            Member(householdID: "Ha", name: "Ani"), Member(householdID: "HZ", name: "Euis", isActive: false),
            Member(householdID: "HZ", name: "Dedeh"), Member(householdID: "H9", name: "Cucu"),
            Member(householdID: "H10", name: "Bapa"), Member(householdID: "HZ", name: "Asep"),
        ]
        // The stored keys decide, not the names: "Dedeh" keyed before "Asep" here.
        let keys = ["ani", "euis", "a-dedeh", "cucu", "bapa", "b-asep"]
        let sorted = MemberOrder.sorted(members, nameKeys: keys)
        #expect(sorted.map { "\($0.householdID)/\($0.name)" } == [
            "H10/Bapa", "H9/Cucu", "HZ/Dedeh", "HZ/Asep", "HZ/Euis", "Ha/Ani",
        ])
    }
}
