import Foundation
import PengingatCore

/// Month by month figures for the pictures on the group page and the Beranda: P2K2 attendance
/// and how many of the messages sent reached a phone. Counted and scoped in the query.
public protocol TrendStore: Sendable {
    func monthlyTrends(_ request: TrendRequest) async throws -> MonthlyTrends
}

public struct TrendRequest: Sendable, Equatable {
    public var scope: AccessScope
    /// One group's figures, or every group the scope sees.
    public var groupID: Group.ID?
    /// The months, `2026-07`, oldest first.
    public var months: [String]
    /// Messages are counted in the month of their due time in this zone.
    public var zone: IndonesianTimeZone

    public init(scope: AccessScope, groupID: Group.ID? = nil, months: [String], zone: IndonesianTimeZone) {
        self.scope = scope
        self.groupID = groupID
        self.months = months
        self.zone = zone
    }

    /// The months as instants: from the first's first day to the day after the last's last, in `zone`.
    public var window: DateInterval? {
        guard let first = months.first.flatMap(Self.firstDay), let last = months.last.flatMap(Self.firstDay) else { return nil }
        let start = LocalDateTime(date: first, time: .midnight).instant(in: zone)
        let end = LocalDateTime(date: last.adding(months: 1), time: .midnight).instant(in: zone)
        return DateInterval(start: start, end: end)
    }

    static func firstDay(_ month: String) -> CalendarDate? { CalendarDate(iso: month + "-01") }
}

public struct MonthlyTrends: Sendable, Equatable {
    public typealias Attendance = AttendanceTally

    public struct Delivery: Sendable, Equatable {
        /// Messages a gateway took or refused: accepted, delivered, failed, expired, unconfirmed.
        public var sent = 0
        public var delivered = 0

        public init(sent: Int = 0, delivered: Int = 0) {
            self.sent = sent
            self.delivered = delivered
        }
    }

    /// By month (`2026-07`); a month without records is absent.
    public var attendance: [String: Attendance] = [:]
    public var delivery: [String: Delivery] = [:]

    public init(attendance: [String: Attendance] = [:], delivery: [String: Delivery] = [:]) {
        self.attendance = attendance
        self.delivery = delivery
    }

    /// The states a sent message ends in (or waits in, accepted) once a gateway has answered.
    public static let sentStates: [String] = ["accepted", "delivered", "failed", "expired", "unconfirmed"]
}
