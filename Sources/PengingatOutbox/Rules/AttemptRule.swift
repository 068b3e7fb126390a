import Foundation

/// What recording one attempt does to its message: the rule both stores persist.
public struct AttemptOutcome: Sendable, Equatable {
    /// The message's state afterwards.
    public let state: OutboxState
    /// One line: the attempt, carrying the state change when there was one.
    public let logEntry: DeliveryLogEntry
    /// Set when the gateway took the message (kept even when a report overtook the send, so
    /// later reports still find it).
    public let providerID: String?
    public let sentAt: Date?
    public let nextAttemptAt: Date?
    /// Whether the message keeps its place in its phone's daily count: only a message the
    /// gateway took has been sent; every other outcome gives its place back.
    public let keepsPhoneDaySend: Bool
}

public enum AttemptRule {
    /// - Parameter current: the message's state when the outcome is written (the lease has
    ///   been checked by the store). A delivery report can overtake its own send's outcome
    ///   (Kannel answers fast): the report's state then stands, and the attempt is still logged.
    public static func outcome(of attempt: AttemptRecord, current: OutboxState) -> AttemptOutcome {
        let overtaken = current != .sending
        let next = overtaken ? current : attempt.consequence.state
        var providerID: String?
        var sentAt: Date?
        var nextAttemptAt: Date?
        switch attempt.consequence {
        case .accepted(let id):
            providerID = id
            sentAt = attempt.at
        case .retry(let at):
            // Whole seconds, rounded up: a retry is never claimed before its time.
            nextAttemptAt = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.up))
        case .failed, .expired, .optedOut:
            break
        }
        let entry = DeliveryLogEntry(
            messageKey: attempt.key, at: attempt.at, event: .attempt, gateway: attempt.gateway, httpStatus: attempt.httpStatus,
            latencyMilliseconds: Int(attempt.latency * 1000), error: attempt.error,
            fromState: overtaken ? nil : .sending, toState: overtaken ? nil : next)
        return AttemptOutcome(
            state: next, logEntry: entry, providerID: providerID, sentAt: sentAt,
            nextAttemptAt: overtaken ? nil : nextAttemptAt, keepsPhoneDaySend: attempt.consequence.isAccepted)
    }

    /// An attempt that did not end the claim (the dispatcher moves on to the next gateway).
    public static func passingAttempt(key: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                                      error: String?) -> DeliveryLogEntry {
        DeliveryLogEntry(messageKey: key, at: at, event: .attempt, gateway: gateway, httpStatus: httpStatus,
                         latencyMilliseconds: Int(latency * 1000), error: error)
    }
}

extension AttemptRecord.Consequence {
    /// Where the message goes when no report overtook its send.
    public var state: OutboxState {
        switch self {
        case .accepted: .accepted
        case .retry: .queued
        case .failed: .failed
        case .expired: .expired
        case .optedOut: .optedOut
        }
    }

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
