import PengingatCore

/// Which households a list asks for; every part is optional and they all hold together.
public struct HouseholdFilter: Sendable, Equatable {
    public var groupID: Group.ID?
    public var status: Household.Status?
    public var consent: Household.Consent?
    /// Part of the caregiver's name, in any case.
    public var name: String?

    public init(groupID: Group.ID? = nil, status: Household.Status? = nil, consent: Household.Consent? = nil, name: String? = nil) {
        self.groupID = groupID
        self.status = status
        self.consent = consent
        self.name = name
    }

    /// `name` as a LIKE pattern that matches it anywhere, its own `%`, `_` and `\` taken literally
    /// (with `ESCAPE '\'`).
    public var namePattern: String? {
        guard let name, !name.isEmpty else { return nil }
        var escaped = ""
        for character in name {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
