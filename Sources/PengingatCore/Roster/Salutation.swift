/// How a message greets its reader: "Ibu Siti Aminah", "Bapak Ahmad".
public enum Salutation {
    /// Titles a roster may already carry in front of a name, and the salutation each stands for.
    private static let titles: [String: String] = [
        "ibu": "Ibu", "bu": "Ibu", "ny": "Ibu", "nyonya": "Ibu",
        "bapak": "Bapak", "pak": "Bapak", "bpk": "Bapak", "bp": "Bapak",
    ]

    /// The salutation and the name a message uses. A name written with its title ("Ibu Siti",
    /// "Bu Siti", "Bpk. Ahmad") keeps the title as the salutation, so no message says "Ibu Ibu
    /// Siti" or "Ibu Bapak Ahmad"; any other name gets `salutation`.
    public static func greeting(_ salutation: String, name: String) -> (salutation: String, name: String) {
        let trimmed = name.trimmingPrefixAndSuffixSpaces
        guard let space = trimmed.firstIndex(where: { $0 == " " }) else { return (salutation, trimmed) }
        var first = trimmed[..<space].lowercased()
        if first.hasSuffix(".") { first.removeLast() }
        let rest = trimmed[space...].trimmingPrefixAndSuffixSpaces
        guard let title = titles[first], !rest.isEmpty else { return (salutation, trimmed) }
        return (title, rest)
    }
}

private extension StringProtocol {
    var trimmingPrefixAndSuffixSpaces: String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}
