import Foundation

/// A token bucket: at most `ratePerSecond` sends a second on one gateway, with a burst of one
/// second's worth. Waiters sleep; nobody spins.
actor RateLimiter {
    let ratePerSecond: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(ratePerSecond: Double) {
        self.ratePerSecond = ratePerSecond
        self.tokens = max(1, ratePerSecond)
        self.last = .now
    }

    func acquire() async {
        guard ratePerSecond > 0 else { return }
        while true {
            let now = ContinuousClock.now
            tokens = min(max(1, ratePerSecond), tokens + ratePerSecond * (last.duration(to: now) / .seconds(1)))
            last = now
            if tokens >= 1 {
                tokens -= 1
                return
            }
            let wait = (1 - tokens) / ratePerSecond
            try? await Task.sleep(for: .seconds(wait))
        }
    }
}
