/// A file's known columns and their positions. A roster file has about ten short column names,
/// and every cell read looks one up: comparing a few small strings is cheaper than hashing one.
struct ColumnIndex: Sendable {
    private let names: [String]
    private let positions: [Int]

    init(_ index: [String: Int]) {
        let ordered = index.sorted { $0.value < $1.value }
        names = ordered.map(\.key)
        positions = ordered.map(\.value)
    }

    /// The 0-based position of a normalised column name, nil when the file does not have it.
    subscript(name: String) -> Int? {
        for offset in names.indices where names[offset] == name { return positions[offset] }
        return nil
    }
}
