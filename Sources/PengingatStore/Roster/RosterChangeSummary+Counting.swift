extension RosterChangeSummary.Counts {
    /// Records how a stored value compares with the new one, and says whether to write it.
    mutating func count<Value: Equatable>(new: Value, old: Value?) -> Bool {
        switch old {
        case nil:
            inserted += 1
            return true
        case let old? where old != new:
            updated += 1
            return true
        default:
            unchanged += 1
            return false
        }
    }
}
