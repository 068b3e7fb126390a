import PengingatCore

/// One group's commitment verification for a month, counted per commitment, with the members
/// found not meeting theirs: a pure reading of the recorded verifications and of the subjects
/// the month asks to be verified.
public struct VerificationTally: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var met = 0
        public var notMet = 0
        public var excused = 0
        /// Expected this month (an obligation of the month falls under it) and not recorded.
        public var notRecorded = 0

        public init(met: Int = 0, notMet: Int = 0, excused: Int = 0, notRecorded: Int = 0) {
            self.met = met
            self.notMet = notMet
            self.excused = excused
            self.notRecorded = notRecorded
        }

        public var recorded: Int { met + notMet + excused }

        public static func + (lhs: Counts, rhs: Counts) -> Counts {
            Counts(met: lhs.met + rhs.met, notMet: lhs.notMet + rhs.notMet, excused: lhs.excused + rhs.excused,
                   notRecorded: lhs.notRecorded + rhs.notRecorded)
        }
    }

    /// A member who did not meet a commitment, with the facilitator's note.
    public struct Shortfall: Sendable, Equatable {
        public let householdID: Household.ID
        public let memberName: String
        public let commitment: Commitment
        public let note: String?
    }

    /// Per commitment that was expected or recorded; the others are absent.
    public let counts: [Commitment: Counts]
    /// By household, member, commitment.
    public let notMet: [Shortfall]

    public init(counts: [Commitment: Counts] = [:], notMet: [Shortfall] = []) {
        self.counts = counts
        self.notMet = notMet
    }

    /// `records` of one group's month (the latest per subject, as the store keeps them) against
    /// the subjects the month expects; a recorded subject counts whether expected or not.
    public init(records: [CommitmentVerification], expected: Set<CommitmentSubject>) {
        var latest: [CommitmentSubject: CommitmentVerification] = [:]
        for record in records { latest[record.subject] = record }
        var counts: [Commitment: Counts] = [:]
        for record in latest.values {
            switch record.status {
            case .met: counts[record.commitment, default: Counts()].met += 1
            case .notMet: counts[record.commitment, default: Counts()].notMet += 1
            case .excused: counts[record.commitment, default: Counts()].excused += 1
            }
        }
        for subject in expected where latest[subject] == nil {
            counts[subject.commitment, default: Counts()].notRecorded += 1
        }
        self.counts = counts
        notMet = latest.values.filter { $0.status == .notMet }.sorted { $0.subject < $1.subject }.map {
            Shortfall(householdID: $0.householdID, memberName: $0.memberName, commitment: $0.commitment, note: $0.note)
        }
    }

    /// All commitments together.
    public var total: Counts { counts.values.reduce(Counts(), +) }

    public static func + (lhs: VerificationTally, rhs: VerificationTally) -> VerificationTally {
        VerificationTally(counts: lhs.counts.merging(rhs.counts, uniquingKeysWith: +), notMet: lhs.notMet + rhs.notMet)
    }
}
