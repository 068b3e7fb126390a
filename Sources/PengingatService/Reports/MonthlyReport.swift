import Foundation
import PengingatCore
import PengingatStore

/// One month of P2K2 and messaging, per facilitator and group, as `MonthlyReportBuilder` reads
/// it: what the page, the API, `laporan bulanan` and its CSV and XLSX all show, so they agree.
/// Figures only; wording is the readers' business.
public struct MonthlyReport: Sendable, Equatable {
    public let month: CalendarMonth
    /// The clock's time when it was made: a month still running, or one whose messages are
    /// still on their way, changes after.
    public let madeAt: Date
    public let prices: MessagePrices
    public let facilitators: [FacilitatorSection]
    public let totals: Totals

    public init(month: CalendarMonth, madeAt: Date, prices: MessagePrices, facilitators: [FacilitatorSection]) {
        self.month = month
        self.madeAt = madeAt
        self.prices = prices
        self.facilitators = facilitators
        totals = Totals(facilitators.flatMap(\.groups))
    }

    public var groups: [GroupSection] { facilitators.flatMap(\.groups) }

    public struct FacilitatorSection: Sendable, Equatable {
        public let id: Facilitator.ID
        public let name: String
        public let groups: [GroupSection]
        public let totals: Totals

        public init(id: Facilitator.ID, name: String, groups: [GroupSection]) {
            self.id = id
            self.name = name
            self.groups = groups
            totals = Totals(groups)
        }
    }

    public struct GroupSection: Sendable, Equatable {
        public let id: Group.ID
        public let name: String
        public let kelurahan: String
        public let zone: IndonesianTimeZone
        public let activeHouseholds: Int
        /// Nil when the calendar has no meeting for the group this month (a PKH-akses group's off month).
        public let meeting: MeetingLine?
        /// Nil while the meeting's attendance is not recorded ("belum dicatat").
        public let attendance: AttendanceCount?
        /// The absent and excused households, by id, with what followed.
        public let followUps: [FollowUp]
        public let verification: VerificationTally
        public let messages: MessageTally
        public let smsSegments: Int
        public let whatsAppMessages: Int
        /// Rupiah, estimated from the messages a gateway took.
        public let cost: Int

        public init(id: Group.ID, name: String, kelurahan: String, zone: IndonesianTimeZone, activeHouseholds: Int,
                    meeting: MeetingLine?, attendance: AttendanceCount?, followUps: [FollowUp], verification: VerificationTally,
                    messages: MessageTally, smsSegments: Int, whatsAppMessages: Int, cost: Int) {
            self.id = id
            self.name = name
            self.kelurahan = kelurahan
            self.zone = zone
            self.activeHouseholds = activeHouseholds
            self.meeting = meeting
            self.attendance = attendance
            self.followUps = followUps
            self.verification = verification
            self.messages = messages
            self.smsSegments = smsSegments
            self.whatsAppMessages = whatsAppMessages
            self.cost = cost
        }
    }

    /// Whether the month's meeting took place, as far as the report's clock knows.
    public enum MeetingStatus: String, Sendable, Equatable, CaseIterable {
        /// Its time has come (or its attendance is recorded) and it was not cancelled.
        case held
        case cancelled
        /// Still ahead when the report was made.
        case upcoming
    }

    public struct MeetingLine: Sendable, Equatable {
        public let id: String
        public let status: MeetingStatus
        public let start: LocalDateTime
        public let place: String
        public let moved: Bool
        public let module: String?
        /// "Sesi 2: …" is the readers' wording; this is the curriculum's title and number.
        public let sessionNumber: Int?
        public let sessionTitle: String?

        public init(id: String, status: MeetingStatus, start: LocalDateTime, place: String, moved: Bool, module: String?,
                    sessionNumber: Int?, sessionTitle: String?) {
            self.id = id
            self.status = status
            self.start = start
            self.place = place
            self.moved = moved
            self.module = module
            self.sessionNumber = sessionNumber
            self.sessionTitle = sessionTitle
        }
    }

    public typealias AttendanceCount = AttendanceTally

    /// Where the motivation message to an absent or excused household stands.
    public enum MotivationState: String, Sendable, Equatable, CaseIterable {
        /// Waiting for its morning, or on its way.
        case planned
        /// Taken by a gateway; no delivery report yet (or none will come).
        case sent
        case delivered
        /// Refused, or not sent before the next meeting (expired).
        case failed
        /// Taken back (a corrected recording) or not sent because the household asked to stop.
        case withdrawn

        public init(_ state: OutboxState) {
            switch state {
            case .queued, .sending: self = .planned
            case .accepted, .unconfirmed: self = .sent
            case .delivered: self = .delivered
            case .failed, .expired: self = .failed
            case .cancelled, .optedOut: self = .withdrawn
            }
        }
    }

    public struct FollowUp: Sendable, Equatable {
        public let householdID: Household.ID
        public let name: String
        /// `.absent` or `.excused`.
        public let status: AttendanceStatus
        public let reason: String?
        /// Nil when no motivation message was planned (no phone, opted out, recorded too late).
        public let motivation: MotivationState?
        /// The home visit asked after a third miss in a row, with its due day.
        public let homeVisitDue: CalendarDate?

        public init(householdID: Household.ID, name: String, status: AttendanceStatus, reason: String?,
                    motivation: MotivationState?, homeVisitDue: CalendarDate?) {
            self.householdID = householdID
            self.name = name
            self.status = status
            self.reason = reason
            self.motivation = motivation
            self.homeVisitDue = homeVisitDue
        }
    }

    /// What a set of groups adds up to: a facilitator's, or everyone's.
    public struct Totals: Sendable, Equatable {
        public let groups: Int
        public let activeHouseholds: Int
        public let meetings: [MeetingStatus: Int]
        /// Groups whose meeting was held and whose attendance is not recorded.
        public let notRecorded: Int
        public let attendance: AttendanceCount
        public let motivationMessages: Int
        public let homeVisits: Int
        public let verification: VerificationTally.Counts
        public let messages: MessageTally
        public let smsSegments: Int
        public let whatsAppMessages: Int
        public let cost: Int

        init(_ groups: [GroupSection]) {
            self.groups = groups.count
            activeHouseholds = groups.reduce(0) { $0 + $1.activeHouseholds }
            meetings = Dictionary(grouping: groups.compactMap(\.meeting?.status), by: { $0 }).mapValues(\.count)
            notRecorded = groups.filter { $0.meeting?.status == .held && $0.attendance == nil }.count
            attendance = groups.compactMap(\.attendance).reduce(AttendanceCount(), +)
            motivationMessages = groups.reduce(0) { $0 + $1.followUps.filter { $0.motivation != nil }.count }
            homeVisits = groups.reduce(0) { $0 + $1.followUps.filter { $0.homeVisitDue != nil }.count }
            verification = groups.map(\.verification.total).reduce(VerificationTally.Counts(), +)
            messages = groups.map(\.messages).reduce(MessageTally(), +)
            smsSegments = groups.reduce(0) { $0 + $1.smsSegments }
            whatsAppMessages = groups.reduce(0) { $0 + $1.whatsAppMessages }
            cost = groups.reduce(0) { $0 + $1.cost }
        }
    }
}
