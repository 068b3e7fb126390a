import PengingatCore

/// The one order every store gives members in, a household's or a group's: by household id,
/// each household's active members first, then by name key, ids and keys compared byte by byte
/// (as the "C" collation and SQLite's default compare them, so "HZ" comes before "Ha"). The
/// planner's plans and the pages' lists follow it, so both stores must agree on it exactly.
enum MemberOrder {
    /// `members` in that order; `nameKeys[i]` is the stored name key of `members[i]` (read with
    /// the row: deriving it again from the name for every comparison would cost the planner's
    /// read more than the sort).
    static func sorted(_ members: [Member], nameKeys: [String]) -> [Member] {
        precondition(members.count == nameKeys.count, "one name key a member")
        func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        // Ordered through indices: a member is large to move.
        let order = members.indices.sorted { a, b in
            if members[a].householdID != members[b].householdID { return precedes(members[a].householdID, members[b].householdID) }
            if members[a].isActive != members[b].isActive { return members[a].isActive }
            return precedes(nameKeys[a], nameKeys[b])
        }
        return order.map { members[$0] }
    }

    /// The members of `rows`, in that order.
    static func members(of rows: [MemberRow]) throws -> [Member] {
        sorted(try rows.map { try $0.domain() }, nameKeys: rows.map(\.nameKey))
    }
}
