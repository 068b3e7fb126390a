/// Where a row came from, for messages that point back at it.
struct RowOrigin: Sendable, Equatable {
    let file: String
    let line: Int
}

/// The rows of one kind seen in an import, by id: the ones accepted, in file order, and the
/// ids of the ones rejected, so later references can say why they fail.
struct RosterLedger<Value: Sendable>: Sendable {
    /// The first row that used an id, and where its value is when it was accepted. One table
    /// for both: a member import looks every id up once and enters it once.
    private struct Entry: Sendable {
        let origin: RowOrigin
        let index: Int?
    }

    private(set) var values: [Value] = []
    private var entries: [String: Entry] = [:]

    func value(id: String) -> Value? { entries[id]?.index.map { values[$0] } }
    func isAccepted(_ id: String) -> Bool { entries[id]?.index != nil }
    /// The first row that used this id, accepted or not.
    func firstOrigin(of id: String) -> RowOrigin? { entries[id]?.origin }
    /// The row that used this id, when that row was rejected.
    func rejectedOrigin(of id: String) -> RowOrigin? { entries[id].flatMap { $0.index == nil ? $0.origin : nil } }

    /// Every id seen, accepted or rejected.
    var seenIDs: Set<String> { Set(entries.keys) }

    mutating func accept(_ value: Value, id: String, origin: RowOrigin) {
        entries[id] = Entry(origin: origin, index: values.count)
        values.append(value)
    }

    mutating func reject(id: String, origin: RowOrigin) {
        guard !id.isEmpty, entries[id] == nil else { return }
        entries[id] = Entry(origin: origin, index: nil)
    }

    mutating func update(id: String, _ change: (inout Value) -> Void) {
        guard let index = entries[id]?.index else { return }
        change(&values[index])
    }
}
