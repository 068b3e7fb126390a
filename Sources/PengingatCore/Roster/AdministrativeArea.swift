/// Spellings of RT and RW numbers vary ("5", "05", "RW 005", "rw.05"); one form makes a
/// household's RW match its posyandu's.
public enum AdministrativeArea {
    /// RW as two digits ("05"); text that is not a number is kept as written.
    public static func normalizedRW(_ raw: String) -> String { normalized(raw, prefix: "rw", width: 2) }

    /// RT as three digits ("003"); text that is not a number is kept as written.
    public static func normalizedRT(_ raw: String) -> String { normalized(raw, prefix: "rt", width: 3) }

    /// Kelurahan names compared without case or repeated spaces.
    public static func kelurahanKey(_ raw: String) -> String {
        raw.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func normalized(_ raw: String, prefix: String, width: Int) -> String {
        var text = raw.trimmingWhitespace()
        if text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: " .:")
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            return raw.trimmingWhitespace()
        }
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension String {
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
