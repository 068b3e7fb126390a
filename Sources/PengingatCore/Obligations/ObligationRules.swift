/// The health, education and social-welfare rules that turn a member's dates into things to
/// do. Loaded from `Config/aturan-kewajiban.yaml`: the rules change (Kemenkes revises the
/// antenatal schedule, the school year moves), the code does not.
public struct ObligationRules: Sendable {
    /// A span of days after an anchor date (HPHT, delivery).
    public struct Window: Sendable, Hashable {
        /// `K3`, `KF2`, `KN1`.
        public let code: String
        public let firstDay: Int
        public let lastDay: Int
        /// An antenatal visit with a doctor (K1 and K5, with ultrasound), not a midwife.
        public let withDoctor: Bool

        public init(code: String, firstDay: Int, lastDay: Int, withDoctor: Bool = false) {
            self.code = code
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.withDoctor = withDoctor
        }
    }

    public struct Immunisation: Sendable, Hashable {
        public let ageMonths: Int
        /// Each as a message names it ("BCG", "Polio 1"); a message joins them in its language.
        public let vaccines: [String]

        public init(ageMonths: Int, vaccines: [String]) {
            self.ageMonths = ageMonths
            self.vaccines = vaccines
        }
    }

    /// The six antenatal visits, days after HPHT.
    public var antenatalVisits: [Window]
    public var deliveryPreparationDaysBeforeDue: Int
    /// KF1–KF4, days after delivery.
    public var postnatalVisits: [Window]
    /// KN1–KN3, days after birth.
    public var newbornVisits: [Window]
    public var immunisations: [Immunisation]
    /// Children are weighed at posyandu until this age in months (under-fives: 59).
    public var posyanduChildMaxAgeMonths: Int
    public var vitaminAMonths: Set<Int>
    public var vitaminAAgeMonths: ClosedRange<Int>
    /// First school days of each semester.
    public var semesterStarts: [CalendarDate]
    /// The day of the month the facilitator verifies school attendance.
    public var schoolVerificationDay: Int

    public init(
        antenatalVisits: [Window], deliveryPreparationDaysBeforeDue: Int, postnatalVisits: [Window],
        newbornVisits: [Window], immunisations: [Immunisation], posyanduChildMaxAgeMonths: Int,
        vitaminAMonths: Set<Int>, vitaminAAgeMonths: ClosedRange<Int>, semesterStarts: [CalendarDate],
        schoolVerificationDay: Int
    ) {
        self.antenatalVisits = antenatalVisits
        self.deliveryPreparationDaysBeforeDue = deliveryPreparationDaysBeforeDue
        self.postnatalVisits = postnatalVisits
        self.newbornVisits = newbornVisits
        self.immunisations = immunisations
        self.posyanduChildMaxAgeMonths = posyanduChildMaxAgeMonths
        self.vitaminAMonths = vitaminAMonths
        self.vitaminAAgeMonths = vitaminAAgeMonths
        self.semesterStarts = semesterStarts
        self.schoolVerificationDay = schoolVerificationDay
    }
}
