import Foundation
import PengingatCore

/// What the monthly report reads beyond the roster and attendance: the messages of a month
/// per group, counted in the query, and the states of named messages (the motivation that
/// followed a meeting). Both scoped in the query.
public protocol ReportStore: Sendable {
    /// Per group of `request.groupIDs` the scope sees: its messages due in the window, by state,
    /// with what a gateway took of them (for the cost). A group without messages is absent.
    func messageCounts(_ request: MessageCountRequest) async throws -> [Group.ID: MessageCounts]

    /// The state of each message with one of these keys, if the scope sees its group.
    func outboxStates(keys: [String], in scope: AccessScope) async throws -> [String: OutboxState]
}

public struct MessageCountRequest: Sendable, Equatable {
    public var scope: AccessScope
    /// The groups to count; the caller passes those of one zone with that zone's month as `window`.
    public var groupIDs: [Group.ID]
    /// By due time.
    public var window: DateInterval

    public init(scope: AccessScope, groupIDs: [Group.ID], window: DateInterval) {
        self.scope = scope
        self.groupIDs = groupIDs
        self.window = window
    }
}

/// One group's messages of a month.
public struct MessageCounts: Sendable, Equatable {
    public var byState: [OutboxState: Int]
    /// Of the messages a gateway accepted (whatever became of them after): SMS segments and
    /// WhatsApp messages, which is what a provider bills.
    public var smsSegmentsAccepted: Int
    public var whatsAppAccepted: Int

    public init(byState: [OutboxState: Int] = [:], smsSegmentsAccepted: Int = 0, whatsAppAccepted: Int = 0) {
        self.byState = byState
        self.smsSegmentsAccepted = smsSegmentsAccepted
        self.whatsAppAccepted = whatsAppAccepted
    }
}
