import Foundation

/// What a delivery report does to its message: the rule both stores persist.
public struct ReportDecision: Sendable, Equatable {
    /// The new state, when the report moves the message forward.
    public let newState: OutboxState?
    /// One line: the report, carrying the state change when it made one.
    public let logEntry: DeliveryLogEntry
    public let outcome: ReportOutcome
}

public enum ReportRule {
    /// A status never moves backwards: Kannel's "buffered" after its "delivered", or a late
    /// "sent" after "read", is logged and changes nothing.
    public static func decide(_ report: DeliveryReport, key: String, current: OutboxState) -> ReportDecision {
        let moves = current.canMove(to: report.state)
        let entry = DeliveryLogEntry(
            messageKey: key, at: report.at, event: .report, fromState: moves ? current : nil, toState: report.state,
            detail: report.detail)
        return ReportDecision(newState: moves ? report.state : nil, logEntry: entry,
                              outcome: moves ? .applied(from: current) : .ignored(current: current))
    }
}
