extension Array {
    /// The elements in consecutive slices of `size` (the last may be shorter): the stores bind
    /// long lists in bounded statements, the planner reads groups in batches.
    public func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
