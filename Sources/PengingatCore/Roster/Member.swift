/// A person in a household, with the PKH component (komponen) that qualifies the household, if any.
public struct Member: Hashable, Sendable, Codable {
    public enum Component: String, Hashable, Sendable, Codable, CaseIterable {
        /// Pregnant mother (ibu hamil).
        case pregnant = "bumil"
        /// Mother in the 42 days after delivery (ibu nifas).
        case postpartum = "nifas"
        /// Child aged 0–6.
        case earlyChildhood = "anak_usia_dini"
        case primarySchool = "sd"
        case juniorHighSchool = "smp"
        case seniorHighSchool = "sma"
        /// Elderly, 60 and over.
        case elderly = "lansia"
        case severeDisability = "disabilitas_berat"

        public var isSchool: Bool { self == .primarySchool || self == .juniorHighSchool || self == .seniorHighSchool }
    }

    public enum Sex: String, Hashable, Sendable, Codable, CaseIterable {
        case male = "L"
        case female = "P"
    }

    public var householdID: Household.ID
    public var name: String
    /// Relationship to the head of the household as written in the roster ("Istri", "Anak").
    public var relation: String
    public var sex: Sex?
    public var birthDate: CalendarDate?
    public var component: Component?
    /// First day of the last menstrual period, for a pregnant mother.
    public var lastMenstrualPeriod: CalendarDate?
    public var deliveryDate: CalendarDate?
    public var schoolName: String
    /// False once the member no longer appears in the household's roster; kept for history.
    public var isActive: Bool

    /// A member has no id in the roster: within a household the name identifies them,
    /// compared without case or repeated spaces.
    public var key: String { Member.key(forName: name) }

    public static func key(forName name: String) -> String {
        // ASCII names (nearly all) on bytes; the rest by characters, with Unicode's case and spaces.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for byte in name.utf8 {
            switch byte {
            case 0x80...: return name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            case 0x09...0x0D, 0x20: pendingSpace = !bytes.isEmpty
            default:
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                bytes.append((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Expected delivery date (HPL), 280 days after HPHT.
    public var expectedDeliveryDate: CalendarDate? { lastMenstrualPeriod?.adding(days: 280) }

    public init(
        householdID: Household.ID, name: String, relation: String = "", sex: Sex? = nil,
        birthDate: CalendarDate? = nil, component: Component? = nil, lastMenstrualPeriod: CalendarDate? = nil,
        deliveryDate: CalendarDate? = nil, schoolName: String = "", isActive: Bool = true
    ) {
        self.householdID = householdID
        self.name = name
        self.relation = relation
        self.sex = sex
        self.birthDate = birthDate
        self.component = component
        self.lastMenstrualPeriod = lastMenstrualPeriod
        self.deliveryDate = deliveryDate
        self.schoolName = schoolName
        self.isActive = isActive
    }
}
