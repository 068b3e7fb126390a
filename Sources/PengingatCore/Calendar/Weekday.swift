/// Days of the week, Monday first as in Indonesia.
public enum Weekday: Int, CaseIterable, Sendable, Codable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The Indonesian name as written in a message: "Senin" … "Minggu".
    public var indonesianName: String {
        switch self {
        case .monday: "Senin"
        case .tuesday: "Selasa"
        case .wednesday: "Rabu"
        case .thursday: "Kamis"
        case .friday: "Jumat"
        case .saturday: "Sabtu"
        case .sunday: "Minggu"
        }
    }

    /// Reads a weekday name in Indonesian or Sundanese, in any case, with the spellings
    /// people use ("Jum'at", "Ahad", "Salasa", "Kemis").
    public init?(indonesianName text: String) {
        let folded = text.lowercased().filter { $0.isLetter }
        switch folded {
        case "senin", "senen", "sénén": self = .monday
        case "selasa", "salasa": self = .tuesday
        case "rabu", "rebo": self = .wednesday
        case "kamis", "kemis": self = .thursday
        case "jumat", "jumaat", "jumah", "jumaah": self = .friday
        case "sabtu", "saptu": self = .saturday
        case "minggu", "ahad": self = .sunday
        default: return nil
        }
    }
}
