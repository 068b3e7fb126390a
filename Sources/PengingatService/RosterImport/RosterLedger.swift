/// Where a row came from, for messages that point back at it.
struct RowOrigin: Sendable, Equatable {
    let file: String
    let line: Int
}

/// The rows of one kind seen in an import, by id: the ones accepted, in file order, and the
/// ids of the ones rejected, so later references can say why they fail.
struct RosterLedger<Value: Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var acceptedIndex: [String: Int] = [:]
    private var origins: [String: RowOrigin] = [:]
    private(set) var rejectedIDs: [String: RowOrigin] = [:]

    func value(id: String) -> Value? { acceptedIndex[id].map { values[$0] } }
    func isAccepted(_ id: String) -> Bool { acceptedIndex[id] != nil }
    /// The first row that used this id, accepted or not.
    func firstOrigin(of id: String) -> RowOrigin? { origins[id] }

    /// Every id seen, accepted or rejected.
    var seenIDs: Set<String> { Set(origins.keys) }

    mutating func accept(_ value: Value, id: String, origin: RowOrigin) {
        acceptedIndex[id] = values.count
        values.append(value)
        origins[id] = origin
    }

    mutating func reject(id: String, origin: RowOrigin) {
        guard !id.isEmpty, origins[id] == nil else { return }
        origins[id] = origin
        rejectedIDs[id] = origin
    }

    mutating func update(id: String, _ change: (inout Value) -> Void) {
        guard let index = acceptedIndex[id] else { return }
        change(&values[index])
    }
}
