import Foundation
import PengingatGateways

/// Stops a dead gateway from burning attempts: after `threshold` failures in a row it opens
/// for `coolDown`, then lets one probe through; the probe's result closes or reopens it.
actor CircuitBreaker {
    enum State: Equatable {
        case closed(failures: Int)
        case open(until: Date)
        case probing
    }

    let threshold: Int
    let coolDown: TimeInterval
    private(set) var state: State = .closed(failures: 0)

    init(threshold: Int, coolDown: TimeInterval) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
    }

    /// Whether a send may go through now; at most one probe while half-open.
    func allow(now: Date) -> Bool {
        switch state {
        case .closed: return true
        case .probing: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .probing
            return true
        }
    }

    /// When a closed circuit will let sends through again, if it is open.
    func reopensAt() -> Date? {
        if case .open(let until) = state { return until }
        return nil
    }

    /// A gateway that answered at all (even "no") is alive; only silence and 5xx count against it.
    func record(_ result: GatewayResult, now: Date) {
        let failed: Bool = switch result.outcome {
        case .retryable: result.httpStatus == nil || (result.httpStatus ?? 0) >= 500
        case .accepted, .permanent, .notReachableHere: false
        }
        switch (state, failed) {
        case (_, false):
            state = .closed(failures: 0)
        case (.closed(let failures), true):
            state = failures + 1 >= threshold ? .open(until: now.addingTimeInterval(coolDown)) : .closed(failures: failures + 1)
        case (.probing, true), (.open, true):
            state = .open(until: now.addingTimeInterval(coolDown))
        }
    }
}
