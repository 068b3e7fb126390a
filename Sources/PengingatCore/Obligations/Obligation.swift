/// Something a household should do (or a facilitator should do for it), with when.
public struct Obligation: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case posyanduChild = "posyandu-anak"
        case posyanduPregnant = "posyandu-bumil"
        case posyanduElderly = "posyandu-lansia"
        case antenatalVisit = "periksa-hamil"
        case deliveryPreparation = "persiapan-persalinan"
        case postnatalVisit = "kunjungan-nifas"
        case newbornVisit = "kunjungan-neonatal"
        case immunisation = "imunisasi"
        case vitaminA = "vitamin-a"
        case semesterStart = "awal-semester"
        case schoolAttendance = "kehadiran-sekolah"
        /// A task for the facilitator, never a message to the household.
        case homeVisit = "kunjungan-rumah"
    }

    /// Stable across runs: kind, household, subject and occurrence. Planning twice gives the same keys.
    public let key: String
    public let kind: Kind
    public let householdID: Household.ID
    /// The members it is about (children weighed together are one obligation).
    public let memberNames: [String]
    /// When it happens, or when its window opens.
    public let start: LocalDateTime
    /// When its window closes; nil for an event that simply starts at `start`.
    public let windowEnd: LocalDateTime?
    /// The vaccines of an immunisation, each named as the schedule names it ("PCV 1"); the
    /// message joins them in its own language ("PCV 1 dan RV 1", "PCV 1 sareng RV 1").
    public let vaccines: [String]
    /// Facts the message needs: `code` (K3, KF2), `number` (the visit's place in its series, from
    /// 1), `doctor` (`yes` for an antenatal visit with a doctor), `session`
    /// (`posyandu` when the immunisation's session is known, `unknown` when not), `school`,
    /// `posyandu`, `place`.
    public let details: [String: String]

    public init(
        kind: Kind, householdID: Household.ID, memberNames: [String], occurrence: String, start: LocalDateTime,
        windowEnd: LocalDateTime? = nil, vaccines: [String] = [], details: [String: String] = [:]
    ) {
        self.key = "\(kind.rawValue)/\(householdID)/\(occurrence)"
        self.kind = kind
        self.householdID = householdID
        self.memberNames = memberNames
        self.start = start
        self.windowEnd = windowEnd
        self.vaccines = vaccines
        self.details = details
    }

    /// Nothing is sent once this has passed: the event began, or the window closed.
    public var expiry: LocalDateTime { windowEnd ?? start }
}
