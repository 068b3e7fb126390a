import Foundation
import PengingatCore

/// What the dispatchers need from the outbox: claiming with a lease, recording each attempt
/// and each report, and the append-only delivery log.
///
/// Several dispatcher processes may share one store: a claim gives a message to exactly one
/// of them until its lease ends, and every write that ends a claim checks that the lease is
/// still that dispatcher's.
public protocol DispatchStore: Sendable {
    /// Claims up to `limit` messages due at `now` (queued, or sending under a lease that has
    /// ended), highest priority first, for `owner` until `leaseUntil`.
    func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [OutboxMessage]

    /// Extends the lease of messages still claimed by `owner`; returns how many.
    func renewLease(keys: [String], owner: String, until: Date) async throws -> Int

    /// Records one attempt and its consequence, if `owner` still holds the message.
    /// Returns false when the lease was lost (another dispatcher owns it now).
    func finishAttempt(_ attempt: AttemptRecord) async throws -> Bool

    /// Records several attempts in one transaction (group commit): the dispatcher's hot path.
    /// One result per attempt, as `finishAttempt` would give.
    func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool]

    /// Logs an attempt that did not end the claim (the dispatcher tries the next gateway).
    func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                    error: String?) async throws

    /// Gives claimed messages back (queued, lease cleared) without counting an attempt.
    func release(keys: [String], owner: String) async throws -> Int

    /// Moves queued messages whose expiry has passed to `expired`; returns how many.
    func expireOverdue(now: Date) async throws -> Int

    /// Moves accepted messages with no final report since `acceptedBefore` to `unconfirmed`.
    func markUnconfirmed(acceptedBefore: Date, now: Date) async throws -> Int

    /// Applies a delivery report; a report never moves a status backwards.
    func applyReport(_ report: DeliveryReport) async throws -> ReportOutcome

    /// Messages to `phone` sent (or on their way) with `sent_at` in the interval.
    func sentCount(to phone: PhoneNumber, in interval: DateInterval) async throws -> Int

    /// When the next queued message becomes due, if any.
    func nextDue() async throws -> Date?

    func deliveryLog(_ filter: DeliveryLogFilter) async throws -> [DeliveryLogEntry]

    /// Per group: messages by state in the interval (by due time), and numbers that keep failing.
    func deliverySummary(dueIn interval: DateInterval) async throws -> DeliverySummary
}

extension DispatchStore {
    public func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool] {
        var results: [Bool] = []
        for attempt in attempts { results.append(try await finishAttempt(attempt)) }
        return results
    }
}

/// One attempt to send one message, and what follows from it.
public struct AttemptRecord: Sendable {
    public enum Consequence: Sendable, Equatable {
        case accepted(providerID: String?)
        /// Back to the queue until `at`.
        case retry(at: Date)
        case failed
        /// Its time passed.
        case expired
        /// The household opted out meanwhile.
        case optedOut
    }

    public let key: String
    public let owner: String
    public let gateway: String
    public let at: Date
    public let httpStatus: Int?
    public let latency: TimeInterval
    public let error: String?
    public let consequence: Consequence

    public init(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                error: String?, consequence: Consequence) {
        self.key = key
        self.owner = owner
        self.gateway = gateway
        self.at = at
        self.httpStatus = httpStatus
        self.latency = latency
        self.error = error
        self.consequence = consequence
    }
}

/// A delivery report from a gateway, matched to our message by our key or the provider's id.
public struct DeliveryReport: Sendable {
    public enum Match: Sendable, Equatable {
        case key(String)
        /// The provider's own id (a WhatsApp `wamid…`, a Twilio `SM…`): unique across gateways.
        case providerID(String)
    }

    public let match: Match
    public let state: OutboxState
    public let at: Date
    /// What the gateway said, for the log ("DLR 34", "whatsapp status read").
    public let detail: String

    public init(match: Match, state: OutboxState, at: Date, detail: String) {
        self.match = match
        self.state = state
        self.at = at
        self.detail = detail
    }
}

public enum ReportOutcome: Sendable, Equatable {
    case applied(from: OutboxState)
    /// Logged, but the message is already further along (reports arrive out of order).
    case ignored(current: OutboxState)
    case unknownMessage
}

/// One line of the append-only delivery log.
public struct DeliveryLogEntry: Sendable, Equatable {
    public enum Event: String, Sendable {
        case attempt
        case status
        case report
    }

    public let messageKey: String
    public let at: Date
    public let event: Event
    public let gateway: String?
    public let httpStatus: Int?
    public let latencyMilliseconds: Int?
    public let error: String?
    public let fromState: OutboxState?
    public let toState: OutboxState?
    public let detail: String?

    public init(messageKey: String, at: Date, event: Event, gateway: String? = nil, httpStatus: Int? = nil,
                latencyMilliseconds: Int? = nil, error: String? = nil, fromState: OutboxState? = nil,
                toState: OutboxState? = nil, detail: String? = nil) {
        self.messageKey = messageKey
        self.at = at
        self.event = event
        self.gateway = gateway
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.error = error
        self.fromState = fromState
        self.toState = toState
        self.detail = detail
    }
}

public struct DeliveryLogFilter: Sendable {
    public var householdID: Household.ID?
    public var groupID: Group.ID?
    /// Lines about this gateway (attempts through it, its reports).
    public var gateway: String?
    public var state: OutboxState?
    public var since: Date?
    /// Lines before this instant.
    public var until: Date?
    /// A facilitator sees the lines of their own groups' messages only.
    public var scope: AccessScope
    public var limit: Int

    public init(householdID: Household.ID? = nil, groupID: Group.ID? = nil, gateway: String? = nil, state: OutboxState? = nil,
                since: Date? = nil, until: Date? = nil, scope: AccessScope = .everything, limit: Int = 200) {
        self.householdID = householdID
        self.groupID = groupID
        self.gateway = gateway
        self.state = state
        self.since = since
        self.until = until
        self.scope = scope
        self.limit = limit
    }
}

public struct DeliverySummary: Sendable, Equatable {
    public struct GroupCounts: Sendable, Equatable {
        public let groupID: Group.ID
        public var byState: [OutboxState: Int]

        public init(groupID: Group.ID, byState: [OutboxState: Int]) {
            self.groupID = groupID
            self.byState = byState
        }
    }

    public struct FailingNumber: Sendable, Equatable {
        public let phone: PhoneNumber
        public let failures: Int
        public let households: [Household.ID]

        public init(phone: PhoneNumber, failures: Int, households: [Household.ID]) {
            self.phone = phone
            self.failures = failures
            self.households = households
        }
    }

    public var groups: [GroupCounts]
    /// Numbers with two or more failed messages in the interval.
    public var failingNumbers: [FailingNumber]

    public init(groups: [GroupCounts], failingNumbers: [FailingNumber]) {
        self.groups = groups
        self.failingNumbers = failingNumbers
    }
}
