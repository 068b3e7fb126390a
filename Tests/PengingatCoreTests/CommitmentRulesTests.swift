import Foundation
import PengingatCore
import Testing

@Suite("Commitment verification rules")
struct CommitmentRulesTests {
    static let march = CalendarMonth(year: 2027, month: 3)!
    static let eight = TimeOfDay(hour: 8, minute: 0)!

    static func at(_ month: Int, _ day: Int) -> LocalDateTime {
        LocalDateTime(date: CalendarDate(year: 2027, month: month, day: day)!, time: eight)
    }

    static func window(_ code: String, from start: LocalDateTime, to end: LocalDateTime, member: String = "Siti") -> Obligation {
        Obligation(kind: .antenatalVisit, householdID: "KPM-1", memberNames: [member], occurrence: "siti/\(code)",
                   start: start, windowEnd: end, details: ["code": code])
    }

    static func met(_ name: String, _ commitment: Commitment, household: String = "KPM-1") -> CommitmentSubject {
        CommitmentSubject(householdID: household, memberName: name, commitment: commitment)
    }

    static func record(_ name: String, _ commitment: Commitment, _ status: VerificationStatus, month: CalendarMonth = march)
        -> CommitmentVerification
    {
        CommitmentVerification(month: month, householdID: "KPM-1", memberName: name, commitment: commitment, status: status,
                               recordedBy: "rina", recordedAt: Date(timeIntervalSince1970: 0))
    }

    @Test("Months read, step and bound themselves")
    func months() {
        #expect(CalendarMonth(parsing: "2027-03") == Self.march)
        #expect(CalendarMonth(parsing: "2027-3") == Self.march)
        #expect(CalendarMonth(parsing: "2027-13") == nil)
        #expect(CalendarMonth(parsing: "27-03") == nil)
        #expect(CalendarMonth(parsing: "2027-03-01") == nil)
        #expect(Self.march.last == CalendarDate(year: 2027, month: 3, day: 31))
        #expect(CalendarMonth(year: 2028, month: 2)!.last.day == 29)
        #expect(Self.march.adding(months: -3).description == "2026-12")
        #expect(Self.march.adding(months: 10).description == "2028-01")
    }

    @Test("Everyone with an obligation open in the month is verified once per commitment")
    func subjects() {
        let obligations = [
            Obligation(kind: .posyanduChild, householdID: "KPM-1", memberNames: ["Andi", "Dewi"], occurrence: "a",
                       start: Self.at(3, 10)),
            Obligation(kind: .vitaminA, householdID: "KPM-1", memberNames: ["Andi"], occurrence: "b", start: Self.at(3, 10)),
            Obligation(kind: .deliveryPreparation, householdID: "KPM-1", memberNames: ["Siti"], occurrence: "c",
                       start: Self.at(3, 1), windowEnd: Self.at(3, 28)),
            Self.window("K3", from: Self.at(1, 20), to: Self.at(3, 2)),
            Self.window("K4", from: Self.at(4, 1), to: Self.at(5, 30)),
        ]
        let subjects = CommitmentRules.subjects(in: Self.march, obligations: obligations)
        #expect(subjects == [Self.met("Andi", .posyandu), Self.met("Dewi", .posyandu), Self.met("Siti", .antenatal)])
    }

    @Test("A met month settles the earliest open window only, and a shared obligation only when all met")
    func settled() {
        let k2 = Self.window("K2", from: Self.at(1, 5), to: Self.at(3, 12))
        let k3 = Self.window("K3", from: Self.at(3, 15), to: Self.at(5, 30))
        let weighing = Obligation(kind: .posyanduChild, householdID: "KPM-1", memberNames: ["Andi", "Dewi"], occurrence: "p",
                                  start: Self.at(3, 10))
        let obligations = [k3, weighing, k2]
        let onlyAndi = CommitmentRules.settledObligationKeys(
            in: Self.march, obligations: obligations, met: [Self.met("siti", .antenatal), Self.met("Andi", .posyandu)])
        #expect(onlyAndi == [k2.key], "Siti's March visit is K2's; K3 opens later in the month and stays")
        let both = CommitmentRules.settledObligationKeys(
            in: Self.march, obligations: obligations,
            met: [Self.met("Andi", .posyandu), Self.met("DEWI", .posyandu), Self.met("Siti", .school)])
        #expect(both == [weighing.key], "school is not antenatal; both children met the weighing")
        let april = CommitmentRules.settledObligationKeys(
            in: CalendarMonth(year: 2027, month: 4)!, obligations: obligations, met: [Self.met("Siti", .antenatal)])
        #expect(april == [k3.key])
    }

    @Test("Two months not met in a row call for a visit; an excused month between breaks the run")
    func homeVisits() {
        let february = Self.march.adding(months: -1)
        let visits = CommitmentRules.homeVisitSubjects(
            month: [Self.record("Andi", .school, .notMet), Self.record("Dewi", .posyandu, .notMet),
                    Self.record("Siti", .antenatal, .notMet)],
            previousMonth: [Self.record("andi", .school, .notMet, month: february),
                            Self.record("Dewi", .posyandu, .excused, month: february),
                            Self.record("Siti", .posyandu, .notMet, month: february)])
        #expect(visits == [Self.met("Andi", .school)])
    }

    @Test("Written statuses and commitments read as facilitators write them")
    func written() {
        #expect(VerificationStatus(written: "Tidak memenuhi") == .notMet)
        #expect(VerificationStatus(written: "M") == .met)
        #expect(VerificationStatus(written: "sakit") == .excused)
        #expect(VerificationStatus(written: "hadir") == nil)
        #expect(Commitment(written: "Periksa hamil") == .antenatal)
        #expect(Commitment(written: "KF") == .postnatal)
        #expect(Commitment(written: "sekolah") == .school)
        #expect(Commitment(written: "arisan") == nil)
        #expect(Commitment(Obligation.Kind.newbornVisit) == .postnatal)
        #expect(Commitment(Obligation.Kind.semesterStart) == nil)
    }
}
