import Foundation

/// How one message to a phone ended, as evidence of whether the phone reaches its household.
public struct PhoneOutcome: Sendable, Hashable {
    public enum Result: String, Sendable, Hashable {
        /// The handset confirmed it (delivery report) or the household answered from it.
        case reached
        /// The gateway or the network gave up on it.
        case failed
        /// Accepted, but no delivery report came within the report timeout.
        case unconfirmed
    }

    public let at: Date
    public let result: Result

    public init(at: Date, result: Result) {
        self.at = at
        self.result = result
    }
}

/// Whether a household can be reached on its phone, judged from recent evidence.
///
/// A phone is unreachable after `failuresInARow` messages in a row failed or stayed
/// unconfirmed with nothing reaching it since. Evidence older than `window` is forgotten, so a
/// phone that was given up on is tried again after a while (a number can come back: a topped
/// up SIM card, a phone repaired) rather than staying relayed forever.
public struct ReachabilityRules: Sendable, Equatable {
    public var failuresInARow: Int
    public var window: TimeInterval

    public init(failuresInARow: Int = 3, window: TimeInterval = 30 * 86_400) {
        self.failuresInARow = failuresInARow
        self.window = window
    }

    public enum Verdict: Sendable, Equatable {
        case reachable
        /// With the number of misses and when the first of them was.
        case unreachable(misses: Int, since: Date)
    }

    public func verdict(_ outcomes: [PhoneOutcome], now: Date) -> Verdict {
        let recent = outcomes.filter { $0.at > now.addingTimeInterval(-window) && $0.at <= now }.sorted { $0.at < $1.at }
        var misses: [PhoneOutcome] = []
        for outcome in recent {
            if outcome.result == .reached { misses.removeAll() } else { misses.append(outcome) }
        }
        guard misses.count >= failuresInARow, let first = misses.first else { return .reachable }
        return .unreachable(misses: misses.count, since: first.at)
    }
}

/// A household's phone reachability as last judged, kept so a change can be noticed once.
public struct HouseholdReachability: Sendable, Hashable {
    public let householdID: Household.ID
    public let phone: PhoneNumber
    public let reachable: Bool
    /// Why, in Bahasa Indonesia, for the facilitator.
    public let reason: String
    /// When this judgement was first made (not when it was last confirmed).
    public let since: Date

    public init(householdID: Household.ID, phone: PhoneNumber, reachable: Bool, reason: String, since: Date) {
        self.householdID = householdID
        self.phone = phone
        self.reachable = reachable
        self.reason = reason
        self.since = since
    }
}
