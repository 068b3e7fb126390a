import Dispatch
import Foundation
import Synchronization

/// Maps a range on every core, keeping the order: one contiguous slice per core.
enum ParallelMap {
    static func map<Result: Sendable>(_ range: Range<Int>, _ transform: @Sendable (Int) -> Result) -> [Result] {
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, range.count / 1_000))
        guard cores > 1 else { return range.map(transform) }
        let slices = Mutex<[Int: [Result]]>([:])
        let size = (range.count + cores - 1) / cores
        DispatchQueue.concurrentPerform(iterations: cores) { slice in
            let lower = range.lowerBound + slice * size
            let part = (lower..<min(range.upperBound, lower + size)).map(transform)
            slices.withLock { $0[slice] = part }
        }
        return slices.withLock { parts in (0..<cores).flatMap { parts[$0] ?? [] } }
    }
}
