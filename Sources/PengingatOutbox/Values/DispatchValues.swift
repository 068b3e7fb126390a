import Foundation
import PengingatCore

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
    /// The line's place in the log, as a store read it back (nil for a line not yet written):
    /// later lines have greater numbers.
    public let line: Int64?

    public init(messageKey: String, at: Date, event: Event, gateway: String? = nil, httpStatus: Int? = nil,
                latencyMilliseconds: Int? = nil, error: String? = nil, fromState: OutboxState? = nil,
                toState: OutboxState? = nil, detail: String? = nil, line: Int64? = nil) {
        self.line = line
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
