import Foundation

/// A PKH commitment a member's month is verified against (verifikasi komitmen).
public enum Commitment: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// School attendance of at least 85% of the month's school days.
    case school = "sekolah"
    /// Weighing and check-up at the posyandu (children, pregnant women, the elderly; vitamin A).
    case posyandu = "posyandu"
    /// Antenatal visits (K1–K6).
    case antenatal = "periksa-hamil"
    /// Postnatal (KF) and newborn (KN) visits.
    case postnatal = "nifas"
    case immunisation = "imunisasi"

    /// The commitment an obligation is verified under; nil for what is not verified (delivery
    /// preparation, the start of a semester, a facilitator's home visit).
    public init?(_ kind: Obligation.Kind) {
        switch kind {
        case .schoolAttendance: self = .school
        case .posyanduChild, .posyanduPregnant, .posyanduElderly, .vitaminA: self = .posyandu
        case .antenatalVisit: self = .antenatal
        case .postnatalVisit, .newbornVisit: self = .postnatal
        case .immunisation: self = .immunisation
        case .deliveryPreparation, .semesterStart, .homeVisit: return nil
        }
    }

    /// Reads the code or the words a facilitator writes in a list (`sekolah`, `periksa hamil`, `KIA`…).
    public init?(written raw: String) {
        let text = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).joined(separator: "-")
        switch text {
        case "sekolah", "pendidikan", "school": self = .school
        case "posyandu", "penimbangan", "timbang": self = .posyandu
        case "periksa-hamil", "pemeriksaan-kehamilan", "anc", "bumil", "antenatal": self = .antenatal
        case "nifas", "kunjungan-nifas", "kf", "kn", "postnatal": self = .postnatal
        case "imunisasi", "immunisation", "immunization": self = .immunisation
        default: return nil
        }
    }

    /// Order of `allCases`: how lists and reports show them.
    public static func < (lhs: Commitment, rhs: Commitment) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What the facilitator found for one member's commitment in one month.
public enum VerificationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case met = "memenuhi"
    case notMet = "tidak_memenuhi"
    /// Not met for a reason the programme accepts (illness, a school holiday, a closed posyandu).
    case excused = "izin"

    /// Reads `memenuhi`, `ya`, `M`; `tidak memenuhi`, `tidak`, `T`; `izin`, `sakit`, `I`.
    public init?(written raw: String) {
        let text = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).joined(separator: "_")
        switch text {
        case "memenuhi", "terpenuhi", "ya", "m", "met", "sudah": self = .met
        case "tidak_memenuhi", "tidak_terpenuhi", "tidak", "t", "tm", "not_met", "belum": self = .notMet
        case "izin", "ijin", "i", "sakit", "excused": self = .excused
        default: return nil
        }
    }
}

/// One member's commitment in one month as the facilitator recorded it, with who and when.
public struct CommitmentVerification: Sendable, Hashable {
    public let month: CalendarMonth
    public let householdID: Household.ID
    /// The member as the roster names them; `Member.key(forName:)` is what identifies them.
    public let memberName: String
    public let commitment: Commitment
    public let status: VerificationStatus
    public let note: String?
    public let recordedBy: String
    public let recordedAt: Date

    public init(
        month: CalendarMonth, householdID: Household.ID, memberName: String, commitment: Commitment,
        status: VerificationStatus, note: String? = nil, recordedBy: String, recordedAt: Date
    ) {
        self.month = month
        self.householdID = householdID
        self.memberName = memberName
        self.commitment = commitment
        self.status = status
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    public var subject: CommitmentSubject {
        CommitmentSubject(householdID: householdID, memberName: memberName, commitment: commitment)
    }
}

/// A member and one of their commitments: what is verified each month.
public struct CommitmentSubject: Sendable, Hashable, Comparable {
    public let householdID: Household.ID
    public let memberName: String
    public let commitment: Commitment

    public init(householdID: Household.ID, memberName: String, commitment: Commitment) {
        self.householdID = householdID
        self.memberName = memberName
        self.commitment = commitment
    }

    /// Household, member and commitment, with the member named by key (case and spaces do not count).
    public var key: String { "\(householdID)\u{1F}\(Member.key(forName: memberName))\u{1F}\(commitment.rawValue)" }

    public static func == (lhs: CommitmentSubject, rhs: CommitmentSubject) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    public static func < (lhs: CommitmentSubject, rhs: CommitmentSubject) -> Bool {
        (lhs.householdID, Member.key(forName: lhs.memberName), lhs.commitment)
            < (rhs.householdID, Member.key(forName: rhs.memberName), rhs.commitment)
    }
}
