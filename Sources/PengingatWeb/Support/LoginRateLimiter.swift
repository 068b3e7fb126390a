import Foundation
import Synchronization

/// Failed logins counted per address and per login name within a sliding window: past the
/// limit, further attempts are refused until the oldest failure leaves the window, so nobody can
/// try passwords quickly from one address or against one account from many.
public final class LoginRateLimiter: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    let limit: Int
    let window: TimeInterval

    public init(limit: Int, window: TimeInterval) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Nil when an attempt may be made; otherwise when the next one may.
    public func retryAfter(address: String, login: String, now: Date) -> Date? {
        failures.withLock { all in
            // The address may fail for several accounts (a shared office connection), each account a few times.
            let keys = [("a:" + address, limit * 4), ("l:" + login.lowercased(), limit)]
            var latest: Date?
            for (key, limit) in keys {
                let recent = (all[key] ?? []).filter { $0 > now.addingTimeInterval(-window) }
                all[key] = recent
                if recent.count >= limit, let oldest = recent.first {
                    latest = max(latest ?? oldest.addingTimeInterval(window), oldest.addingTimeInterval(window))
                }
            }
            return latest
        }
    }

    public func recordFailure(address: String, login: String, now: Date) {
        failures.withLock { all in
            all["a:" + address, default: []].append(now)
            all["l:" + login.lowercased(), default: []].append(now)
        }
    }

    public func recordSuccess(login: String) {
        failures.withLock { _ = $0.removeValue(forKey: "l:" + login.lowercased()) }
    }
}
