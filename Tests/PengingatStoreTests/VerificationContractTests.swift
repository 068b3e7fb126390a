import Foundation
import PengingatCore
import PengingatStore
import Testing

/// What every store must do with the monthly verification of commitments.
@Suite("Verification store contract")
struct VerificationContractTests {
    static let noon = Date(timeIntervalSince1970: 1_796_706_000)  // 8 December 2026 12.00 WIB
    static let december = CalendarMonth(year: 2026, month: 12)!

    static func record(
        _ household: String, _ member: String, _ commitment: Commitment, _ status: VerificationStatus, note: String? = nil,
        month: CalendarMonth = december, by: String = "Rina", at: Date = noon
    ) -> CommitmentVerification {
        CommitmentVerification(month: month, householdID: household, memberName: member, commitment: commitment, status: status,
                               note: note, recordedBy: by, recordedAt: at)
    }

    @Test("recording a month again corrects it: one row per member and commitment, unchanged rows keep their recorder, others stay",
          arguments: StoreKind.allCases)
    func correction(kind: StoreKind) async throws {
        let store = try await kind.make()
        let first = [Self.record("H1", "Andi", .school, .notMet), Self.record("H1", "Andi", .posyandu, .met),
                     Self.record("H2", "Siti Aminah", .antenatal, .excused, note: "sakit")]
        #expect(try await store.recordVerifications(first, month: Self.december, groupID: "G1") == 3)
        let later = Self.noon.addingTimeInterval(3600)
        // The member's name written with other case and spacing is the same member.
        let second = [Self.record("H1", "ANDI", .school, .met, by: "Dedi", at: later),
                      Self.record("H2", "siti  aminah", .antenatal, .excused, note: "sakit", by: "Dedi", at: later)]
        #expect(try await store.recordVerifications(second, month: Self.december, groupID: "G1") == 1)
        let stored = try await store.verifications(groupID: "G1", month: Self.december)
        #expect(stored.count == 3)
        // By month, household, member (by key) and commitment code.
        #expect(stored.map(\.commitment) == [.posyandu, .school, .antenatal])
        #expect(stored[1].status == .met && stored[1].recordedBy == "Dedi" && stored[1].recordedAt == later)
        #expect(stored[0].status == .met && stored[0].recordedBy == "Rina", "a subject not named again keeps its row")
        #expect(stored[2].recordedBy == "Rina" && stored[2].recordedAt == Self.noon && stored[2].note == "sakit"
                && stored[2].memberName == "Siti Aminah")
    }

    @Test("months are read per group and by range", arguments: StoreKind.allCases)
    func ranges(kind: StoreKind) async throws {
        let store = try await kind.make()
        let november = Self.december.adding(months: -1)
        let january = Self.december.adding(months: 1)
        _ = try await store.recordVerifications([Self.record("H1", "Andi", .school, .notMet, month: november)], month: november, groupID: "G1")
        _ = try await store.recordVerifications([Self.record("H1", "Andi", .school, .notMet)], month: Self.december, groupID: "G1")
        _ = try await store.recordVerifications([Self.record("H1", "Andi", .school, .met, month: january)], month: january, groupID: "G1")
        _ = try await store.recordVerifications([Self.record("H9", "Budi", .school, .notMet)], month: Self.december, groupID: "G2")
        // A row of another month handed in by mistake is not recorded under this one.
        _ = try await store.recordVerifications([Self.record("H1", "Dewi", .posyandu, .met, month: january)], month: Self.december,
                                                groupID: "G1")
        let range = try await store.verifications(groupID: "G1", from: november, through: Self.december)
        #expect(range.map(\.month) == [november, Self.december])
        #expect(try await store.verifications(groupID: "G1", month: january).map(\.status) == [.met])
        #expect(try await store.verifications(groupID: "G2", month: november).isEmpty)
    }
}
