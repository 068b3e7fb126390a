/// What the monthly verification of commitments decides, pure, for every store and module that
/// needs it: who is to be verified in a month, which obligations a "met" settles (their
/// remaining reminders end), and when a month not met calls for a home visit.
public enum CommitmentRules {
    /// The members and commitments a month's verification covers: everyone with an obligation
    /// that is open at some point in the month, once per member and commitment, in order.
    /// `obligations` are the household's obligations computed for `month.first...month.last`.
    public static func subjects(in month: CalendarMonth, obligations: [Obligation]) -> [CommitmentSubject] {
        var seen = Set<CommitmentSubject>()
        var subjects: [CommitmentSubject] = []
        for obligation in obligations where overlaps(obligation, month) {
            guard let commitment = Commitment(obligation.kind) else { continue }
            for name in obligation.memberNames {
                let subject = CommitmentSubject(householdID: obligation.householdID, memberName: name, commitment: commitment)
                if seen.insert(subject).inserted { subjects.append(subject) }
            }
        }
        return subjects.sorted()
    }

    /// The keys of the obligations a month's "met" verifications settle: for each member and
    /// commitment met in `month`, the earliest of that member's obligations under the commitment
    /// open in the month (one visit verified ends one window, not the next one that opens in the
    /// same month). An obligation about several members (children weighed together) is settled
    /// only when every one of them met it. `obligations` are those computed for the month.
    public static func settledObligationKeys(
        in month: CalendarMonth, obligations: [Obligation], met: Set<CommitmentSubject>
    ) -> Set<String> {
        guard !met.isEmpty else { return [] }
        var firstOpen: [CommitmentSubject: Obligation] = [:]
        for obligation in obligations where overlaps(obligation, month) {
            guard let commitment = Commitment(obligation.kind) else { continue }
            for name in obligation.memberNames {
                let subject = CommitmentSubject(householdID: obligation.householdID, memberName: name, commitment: commitment)
                if let known = firstOpen[subject], (known.start, known.key) <= (obligation.start, obligation.key) { continue }
                firstOpen[subject] = obligation
            }
        }
        var settled = Set<String>()
        for obligation in obligations where overlaps(obligation, month) {
            guard let commitment = Commitment(obligation.kind), !obligation.memberNames.isEmpty else { continue }
            let allMet = obligation.memberNames.allSatisfy { name in
                let subject = CommitmentSubject(householdID: obligation.householdID, memberName: name, commitment: commitment)
                return met.contains(subject) && firstOpen[subject]?.key == obligation.key
            }
            if allMet { settled.insert(obligation.key) }
        }
        return settled
    }

    /// The subjects not met in `month` that were not met the month before either: the second
    /// month in a row calls for a home visit, as a third P2K2 absence does. An excused month
    /// breaks the run.
    public static func homeVisitSubjects(
        month: [CommitmentVerification], previousMonth: [CommitmentVerification]
    ) -> [CommitmentSubject] {
        let before = Set(previousMonth.filter { $0.status == .notMet }.map(\.subject))
        return Set(month.filter { $0.status == .notMet }.map(\.subject)).filter(before.contains).sorted()
    }

    /// Whether an obligation is open at some point in the month.
    static func overlaps(_ obligation: Obligation, _ month: CalendarMonth) -> Bool {
        obligation.start.date <= month.last && obligation.expiry.date >= month.first
    }
}
