import Foundation
import PengingatCore

/// A phone's sends on one calendar day in WIB: what the per-phone daily cap counts.
public struct PhoneDay: Hashable, Sendable, Comparable {
    public let phone: String
    /// The day's first second (midnight WIB), in Unix seconds.
    public let day: Int

    public init(phone: String, day: Int) {
        self.phone = phone
        self.day = day
    }

    /// The WIB day containing `instant`; the cap counts per WIB day wherever the phone is.
    public static func day(containing instant: Date) -> Int {
        let offset = 7 * 3600
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        return Int((Double(seconds + offset) / 86_400).rounded(.down)) * 86_400 - offset
    }

    public static func < (lhs: PhoneDay, rhs: PhoneDay) -> Bool { (lhs.phone, lhs.day) < (rhs.phone, rhs.day) }
}

/// A due message as the claim query reads it, with what the claim decides on joined in.
public struct ClaimCandidate: Sendable, Equatable {
    public let message: ClaimedMessage
    /// `queued`, or `sending` under a lease that has ended.
    public let state: OutboxState
    /// The day whose send this message already holds (a claim that was abandoned).
    public let heldDay: Int?
    /// Households its items name that are on the roster, and of those the ones still active
    /// and not opted out.
    public let householdsOnRoster: Int
    public let householdsReachable: Int

    public init(message: ClaimedMessage, state: OutboxState, heldDay: Int?, householdsOnRoster: Int, householdsReachable: Int) {
        self.message = message
        self.state = state
        self.heldDay = heldDay
        self.householdsOnRoster = householdsOnRoster
        self.householdsReachable = householdsReachable
    }
}

/// What a claim does: the rule both stores persist in one transaction.
public struct ClaimDecision: Sendable, Equatable {
    /// Messages given to the claiming dispatcher, in claim order.
    public var claimed: [ClaimedMessage] = []
    /// For each claimed message that counts against its phone's cap: the day it holds a send of.
    public var holds: [String: Int] = [:]
    /// Every household the message speaks to has opted out (or left the programme) since it was planned.
    public var optedOut: [String] = []
    /// The phone's sends for the day are used up: tried again the next morning.
    public var deferred: [Deferral] = []
    /// The phone's sends are used up and the next morning is past the message's expiry.
    public var expired: [String] = []
    /// Changes to each phone's count of sends for a day.
    public var phoneDayChanges: [PhoneDay: Int] = [:]
    public var log: [DeliveryLogEntry] = []

    public struct Deferral: Sendable, Equatable {
        public let key: String
        public let until: Date
    }

    /// A candidate the claim settles without sending: the state it moves to, and for a deferral
    /// when it may be tried again.
    public struct Settlement: Sendable, Equatable {
        public let key: String
        public let state: OutboxState
        public let retryAt: Date?
    }

    /// Every candidate not claimed, as the stores write them.
    public var settlements: [Settlement] {
        optedOut.map { Settlement(key: $0, state: .optedOut, retryAt: nil) }
            + expired.map { Settlement(key: $0, state: .expired, retryAt: nil) }
            + deferred.map { Settlement(key: $0.key, state: .queued, retryAt: $0.until) }
    }

    public init() {}
}

public enum ClaimRule {
    /// Decides a batch of candidates, in their claim order.
    ///
    /// - Opt-out is checked here, when sending, not only when planning: a message whose
    ///   households (those still on the roster, at least one) have all opted out or left is
    ///   not sent, so BERHENTI is honoured on every path at once.
    /// - The daily cap counts a phone's sends per WIB day across every dispatcher: `sends` is
    ///   what the store counts now (read under the lock that serialises claims for that phone);
    ///   a claim takes one, and gives it back unless the gateway accepts the message.
    ///   E-mails (a facilitator's digest) and answers to a household's own message are neither
    ///   capped nor counted.
    public static func decide(
        _ candidates: [ClaimCandidate], sends: [PhoneDay: Int], cap: Int, owner: String, now: Date
    ) -> ClaimDecision {
        var decision = ClaimDecision()
        var counts = sends
        let today = PhoneDay.day(containing: now)
        for candidate in candidates {
            let message = candidate.message
            let key = message.key
            // A hold from an earlier day no longer counts for today: give it back first.
            var held = candidate.heldDay
            if let day = held, day != today {
                decision.release(PhoneDay(phone: message.phone.e164, day: day), counts: &counts)
                held = nil
            }
            if candidate.householdsOnRoster > 0 && candidate.householdsReachable == 0 {
                if let day = held { decision.release(PhoneDay(phone: message.phone.e164, day: day), counts: &counts) }
                decision.optedOut.append(key)
                decision.log.append(OutboxTransition.entry(key, from: candidate.state, to: .optedOut, at: now,
                                                           detail: "every household opted out"))
                continue
            }
            guard message.countsAgainstPhoneCap else {
                decision.claimed.append(message)
                decision.log.append(OutboxTransition.claimed(key, from: candidate.state, by: owner, at: now))
                continue
            }
            let phoneDay = PhoneDay(phone: message.phone.e164, day: today)
            if held == nil {
                guard counts[phoneDay, default: 0] < cap else {
                    // The next morning, 07.00 WIB, if the message is still worth sending then.
                    let tomorrow = Date(timeIntervalSince1970: TimeInterval(today + 86_400 + 7 * 3600))
                    if tomorrow < message.expiresAt {
                        decision.deferred.append(ClaimDecision.Deferral(key: key, until: tomorrow))
                        decision.log.append(OutboxTransition.entry(key, from: candidate.state, to: .queued, at: now,
                                                                   detail: "daily cap for this phone reached"))
                    } else {
                        decision.expired.append(key)
                        decision.log.append(OutboxTransition.entry(key, from: candidate.state, to: .expired, at: now,
                                                                   detail: "daily cap for this phone reached"))
                    }
                    continue
                }
                counts[phoneDay, default: 0] += 1
                decision.phoneDayChanges[phoneDay, default: 0] += 1
            }
            decision.holds[key] = today
            decision.claimed.append(message)
            decision.log.append(OutboxTransition.claimed(key, from: candidate.state, by: owner, at: now))
        }
        decision.phoneDayChanges = decision.phoneDayChanges.filter { $0.value != 0 }
        return decision
    }

    /// The sends to give back when messages that held one end without being sent.
    public static func givenBack(_ holds: [(phone: String, day: Int?)]) -> [PhoneDay: Int] {
        var changes: [PhoneDay: Int] = [:]
        for hold in holds {
            guard let day = hold.day else { continue }
            changes[PhoneDay(phone: hold.phone, day: day), default: 0] -= 1
        }
        return changes
    }
}

extension ClaimDecision {
    fileprivate mutating func release(_ phoneDay: PhoneDay, counts: inout [PhoneDay: Int]) {
        counts[phoneDay, default: 0] -= 1
        phoneDayChanges[phoneDay, default: 0] -= 1
    }
}
