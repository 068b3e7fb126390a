import Dispatch
import Foundation

/// Maps a range on every core, keeping the order: one contiguous slice per core, each written
/// straight into its place in the result.
enum ParallelMap {
    static func map<Result: Sendable>(_ range: Range<Int>, _ transform: @Sendable (Int) -> Result) -> [Result] {
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, range.count / 1_000))
        guard cores > 1 else { return range.map(transform) }
        let size = (range.count + cores - 1) / cores
        return [Result](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            // Each slice initialises its own elements and no other: the writes never overlap.
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: cores) { slice in
                let lower = slice * size
                for offset in lower..<min(range.count, lower + size) {
                    (base + offset).initialize(to: transform(range.lowerBound + offset))
                }
            }
            initialized = range.count
        }
    }
}
