import Foundation
import PengingatCore

/// What the dispatchers need from the outbox: claiming with a lease, recording each attempt
/// and each report, and the append-only delivery log.
///
/// Several dispatcher processes may share one store: a claim gives a message to exactly one
/// of them until its lease ends, and every write that ends a claim checks that the lease is
/// still that dispatcher's.
public protocol DispatchStore: Sendable {
    /// Claims up to `request.limit` messages due at `request.now` (queued, or sending under a
    /// lease that has ended), highest priority first, for `request.owner` until
    /// `request.leaseUntil`, in one transaction that also settles (`ClaimRule`) those whose
    /// households all opted out and those whose phone has used its day's sends.
    func claim(_ request: ClaimRequest) async throws -> ClaimBatch

    /// Extends the lease of messages still claimed by `owner`; returns how many.
    func renewLease(keys: [String], owner: String, until: Date) async throws -> Int

    /// Records attempts in one transaction (group commit), each if its `owner` still holds the
    /// message (`AttemptRule`). One result per attempt: false when the lease was lost.
    func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool]

    /// Logs an attempt that did not end the claim (the dispatcher tries the next gateway).
    func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                    error: String?) async throws

    /// Gives claimed messages back (queued, lease cleared) without counting an attempt.
    func release(keys: [String], owner: String, at: Date) async throws -> Int

    /// Moves queued messages whose expiry has passed to `expired`; returns how many.
    func expireOverdue(now: Date) async throws -> Int

    /// Moves accepted messages with no final report since `acceptedBefore` to `unconfirmed`.
    func markUnconfirmed(acceptedBefore: Date, now: Date) async throws -> Int

    /// Applies a delivery report (`ReportRule`); a report never moves a status backwards.
    func applyReport(_ report: DeliveryReport) async throws -> ReportOutcome

    /// Messages to `phone` sent (accepted by a gateway) or on their way with `sent_at` in the interval.
    func sentCount(to phone: PhoneNumber, in interval: DateInterval) async throws -> Int

    /// The sends the daily cap counts for `phone` on the WIB day containing `instant`.
    func phoneDaySends(_ phone: PhoneNumber, on instant: Date) async throws -> Int

    /// When the next queued message becomes due, if any.
    func nextDue() async throws -> Date?

    func deliveryLog(_ filter: DeliveryLogFilter) async throws -> [DeliveryLogEntry]

    /// Per group: messages by state in the interval (by due time), and numbers that keep failing.
    func deliverySummary(dueIn interval: DateInterval) async throws -> DeliverySummary
}

/// One claim: how many, for whom, until when, and the per-phone daily cap to hold.
public struct ClaimRequest: Sendable {
    public var now: Date
    /// At most this many messages; zero or less claims nothing.
    public var limit: Int
    public var owner: String
    public var leaseUntil: Date
    /// Messages a phone may be sent per WIB day, across every dispatcher.
    public var phoneCap: Int

    public init(now: Date, limit: Int, owner: String, leaseUntil: Date, phoneCap: Int = .max) {
        self.now = now
        self.limit = limit
        self.owner = owner
        self.leaseUntil = leaseUntil
        self.phoneCap = phoneCap
    }
}

extension DispatchStore {
    /// A claim without a daily cap: the messages only.
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [ClaimedMessage] {
        try await claim(ClaimRequest(now: now, limit: limit, owner: owner, leaseUntil: leaseUntil)).messages
    }

    public func finishAttempt(_ attempt: AttemptRecord) async throws -> Bool {
        try await finishAttempts([attempt]).first ?? false
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
    /// Lines written before this one (`DeliveryLogEntry.line`): where an earlier page stopped.
    public var beforeLine: Int64?
    /// A facilitator sees the lines of their own groups' messages only.
    public var scope: AccessScope
    public var limit: Int

    public init(householdID: Household.ID? = nil, groupID: Group.ID? = nil, gateway: String? = nil, state: OutboxState? = nil,
                since: Date? = nil, until: Date? = nil, beforeLine: Int64? = nil, scope: AccessScope = .everything, limit: Int = 200) {
        self.beforeLine = beforeLine
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
