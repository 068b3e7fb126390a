import Foundation
import PengingatCore

/// The Beranda's figures, each counted, grouped and bounded in the query, within the account's
/// scope: a province coordinator's page reads at most `limit` rows of each list, as a
/// facilitator's does, whatever the number of households behind it.
public protocol DashboardStore: Sendable {
    func dashboardFigures(_ request: DashboardRequest) async throws -> DashboardFigures
}

public struct DashboardRequest: Sendable, Equatable {
    public var scope: AccessScope
    /// The days shown: messages due in here are their schedule and their obligations.
    public var days: DateInterval
    /// Local days are counted in this zone (Indonesia's zones keep one offset all year).
    public var zone: IndonesianTimeZone
    /// The item kinds that are a household's obligations (posyandu, immunisation, school…).
    public var obligationKinds: Set<String>
    /// Failed and expired messages due in here, newest first.
    public var failuresDue: DateInterval
    /// The most rows of each list: obligations per day, failures.
    public var limit: Int

    public init(scope: AccessScope, days: DateInterval, zone: IndonesianTimeZone, obligationKinds: Set<String>,
                failuresDue: DateInterval, limit: Int) {
        self.scope = scope
        self.days = days
        self.zone = zone
        self.obligationKinds = obligationKinds
        self.failuresDue = failuresDue
        self.limit = limit
    }

    /// Seconds to add to a Unix time to count its local day by whole days.
    public var utcOffsetSeconds: Int { zone.abbreviation.hoursAheadOfUTC * 3600 }
}

public struct DashboardFigures: Sendable, Equatable {
    /// Queued messages due on each local day.
    public var queuedByDay: [CalendarDate: Int]
    /// Each household's obligations of a day (one per household, kind and day, at its earliest
    /// time), by day, at most `limit` per day, by name then kind.
    public var obligationsByDay: [CalendarDate: [DashboardObligation]]
    /// How many there are on each day in all, shown or not.
    public var obligationCountByDay: [CalendarDate: Int]
    /// Failed or expired messages, newest first, at most `limit`.
    public var failures: [OutboxMessage]
    public var unhandledReplies: Int
    /// Households judged unreachable on their phone, by id, at most `limit`.
    public var unreachable: [DashboardUnreachable]
    /// How many there are in all.
    public var unreachableCount: Int

    public init(queuedByDay: [CalendarDate: Int] = [:], obligationsByDay: [CalendarDate: [DashboardObligation]] = [:],
                obligationCountByDay: [CalendarDate: Int] = [:], failures: [OutboxMessage] = [], unhandledReplies: Int = 0,
                unreachable: [DashboardUnreachable] = [], unreachableCount: Int = 0) {
        self.unreachable = unreachable
        self.unreachableCount = unreachableCount
        self.queuedByDay = queuedByDay
        self.obligationsByDay = obligationsByDay
        self.obligationCountByDay = obligationCountByDay
        self.failures = failures
        self.unhandledReplies = unhandledReplies
    }
}

public struct DashboardObligation: Sendable, Equatable {
    public let householdID: Household.ID
    public let householdName: String
    public let kind: String
    public let eventAt: Date

    public init(householdID: Household.ID, householdName: String, kind: String, eventAt: Date) {
        self.householdID = householdID
        self.householdName = householdName
        self.kind = kind
        self.eventAt = eventAt
    }
}

public struct DashboardUnreachable: Sendable, Equatable {
    public let householdID: Household.ID
    public let householdName: String
    public let phone: PhoneNumber
    public let reason: String

    public init(householdID: Household.ID, householdName: String, phone: PhoneNumber, reason: String) {
        self.householdID = householdID
        self.householdName = householdName
        self.phone = phone
        self.reason = reason
    }
}
