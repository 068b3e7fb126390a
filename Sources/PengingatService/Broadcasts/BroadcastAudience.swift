import PengingatCore

/// Who a broadcast goes to, as `--ke` names it.
public enum BroadcastAudience: Sendable, Equatable {
    case group(Group.ID)
    case facilitator(Facilitator.ID)
    case everyone
    /// Households with an active member in any of these components.
    case components(Set<Member.Component>)

    /// Reads `kelompok:ID`, `pendamping:ID`, `semua` or `komponen:bumil,lansia,…` (English
    /// `group:`, `facilitator:`, `all`, `component:` too).
    public static func parse(_ raw: String) throws(BroadcastError) -> BroadcastAudience {
        let text = raw.trimmingWhitespace()
        if ["semua", "all"].contains(text.lowercased()) { return .everyone }
        guard let colon = text.firstIndex(of: ":") else { throw BroadcastError(.unknownAudience(raw)) }
        let kind = text[..<colon].lowercased().trimmingWhitespace()
        let value = text[text.index(after: colon)...].trimmingWhitespace()
        guard !value.isEmpty else { throw BroadcastError(.unknownAudience(raw)) }
        switch kind {
        case "kelompok", "group": return .group(value)
        case "pendamping", "facilitator": return .facilitator(value)
        case "komponen", "component":
            var components = Set<Member.Component>()
            for name in value.split(separator: ",") {
                let word = name.trimmingWhitespace().lowercased()
                guard let found = componentNames[word] else { throw BroadcastError(.unknownComponent(word)) }
                components.formUnion(found)
            }
            return .components(components)
        default: throw BroadcastError(.unknownAudience(raw))
        }
    }

    /// The words facilitators use for PKH components, and the roster's own codes.
    static let componentNames: [String: Set<Member.Component>] = {
        var names: [String: Set<Member.Component>] = [
            "hamil": [.pregnant], "ibu_hamil": [.pregnant],
            "balita": [.earlyChildhood], "apras": [.earlyChildhood], "aud": [.earlyChildhood], "anak": [.earlyChildhood],
            "sekolah": [.primarySchool, .juniorHighSchool, .seniorHighSchool],
            "disabilitas": [.severeDisability], "lanjut_usia": [.elderly],
        ]
        for component in Member.Component.allCases { names[component.rawValue] = [component] }
        return names
    }()
}
