import Foundation
import Synchronization

/// A clock the test moves by hand, handed to the code under test as its `now`: what depends
/// on time moves when the test says so, on a machine of any speed.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// Moves the clock on to `moment` (never back).
    public func advance(to moment: Date) { current.withLock { $0 = max($0, moment) } }
}
