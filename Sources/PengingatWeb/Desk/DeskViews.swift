import Foundation
import PengingatCore
import PengingatStore

// What the desk reads for a screen: one model per screen, display text in Bahasa Indonesia
// beside the machine-readable fields. Mustache reads the pages' fields by property name; the API
// builds its own generated models from the machine-readable ones only (`APIModels+Desk.swift`).
// Phone numbers appear masked only.

public struct DashboardView: Sendable {
    public let viewer: String
    public let today: String
    public let days: [DayView]
    public let failures: [MessageView]
    public let homeVisits: [TaskView]
    public let unreachable: [UnreachableView]
    public let unhandledReplies: Int
    public let hasUnhandledReplies: Bool
    public let hasFailures: Bool
    public let hasHomeVisits: Bool
    public let hasUnreachable: Bool
    /// Unreachable households beyond those listed.
    public let moreUnreachable: Int
    /// Planning reaches a year whose holidays are estimates or missing (HL01, HL02).
    public let holidayWarnings: [String]
    public let hasHolidayWarnings: Bool
    /// Attendance and delivery over the last six months, as pictures.
    public let trends: TrendsView
}

public struct DayView: Sendable {
    public let date: String
    public let label: String
    public let isToday: Bool
    public let meetings: [MeetingView]
    /// Meetings of the day beyond those listed (a province has more than a page can hold).
    public let moreMeetings: Int
    public let obligations: [ObligationView]
    public let hasObligations: Bool
    /// Obligations of the day beyond those listed.
    public let moreObligations: Int
    public let scheduledMessages: Int
    public let isQuiet: Bool
}

public struct MeetingView: Sendable {
    public let id: String
    public let groupID: String
    public let groupName: String
    /// ISO 8601 with the group's offset.
    public let start: String
    public let startAt: Date
    public let when: String
    public let place: String
    public let status: String
    public let statusLabel: String
    public let topic: String?
    public let isCancelled: Bool
    /// The month path for links: `KLP-01/2026-12`.
    public let path: String
}

public struct ObligationView: Sendable {
    public let householdID: String
    public let householdName: String
    public let kind: String
    public let at: Date
    public let label: String
    public let when: String
}

public struct MessageView: Sendable {
    public let key: String
    public let source: String
    public let kind: String
    /// The kinds of its items, one per kind (more than one for a merged message).
    public let kinds: [String]
    public let label: String
    public let phone: String
    public let channel: String
    public let state: String
    public let stateLabel: String
    public let due: String
    public let dueLabel: String
    public let dueAt: Date
    public let groupID: String?
    public let households: [String]
    public let segments: Int
    public let isProblem: Bool
}

public struct TaskView: Sendable {
    public let householdID: String
    public let householdName: String
    public let due: String
    public let dueDate: CalendarDate
    public let reason: String
}

public struct UnreachableView: Sendable {
    public let householdID: String
    public let householdName: String
    public let phone: String
    public let reason: String
}

public struct GroupSummaryView: Sendable {
    public let id: String
    public let name: String
    public let place: String
    public let households: Int
    public let nextMeeting: MeetingView?
}

public struct GroupView: Sendable {
    public let id: String
    public let name: String
    public let facilitatorID: String
    public let place: String
    public let kelurahan: String
    public let nextMeeting: MeetingView?
    public let meetings: [MeetingView]
    /// The meeting attendance is recorded for: the latest that has begun, else the next.
    public let attendanceMeeting: MeetingView?
    public let households: [HouseholdRowView]
    public let trends: TrendsView
}

public struct HouseholdRowView: Sendable {
    public let id: String
    public let name: String
    public let phone: String
    public let maskedPhone: String?
    public let channel: String
    public let components: String
    public let componentCodes: [Member.Component]
    public let optedOut: Bool
    public let isLeader: Bool
    /// Attendance recorded for the group page's meeting.
    public let attendance: String
    public let attendanceStatus: AttendanceStatus?
    public let present: Bool
    public let absent: Bool
    public let excused: Bool
    public let reason: String
}

public struct HouseholdView: Sendable {
    public let household: Household
    public let id: String
    public let name: String
    public let groupID: String
    public let groupName: String
    public let address: String
    public let phone: String
    public let alternatePhone: String
    public let channel: String
    public let language: String
    public let status: String
    public let isActive: Bool
    public let optedOut: Bool
    public let consentLabel: String
    public let reachable: Bool
    public let reachabilityNote: String
    public let unreachableReason: String?
    public let members: [MemberView]
    public let upcoming: [ObligationView]
    public let messages: [MessageView]
    public let replies: [ReplyView]
}

public struct MemberView: Sendable {
    public let name: String
    public let relation: String
    public let component: String
    public let componentCode: Member.Component?
    public let birthDate: String
    public let birthDateValue: CalendarDate?
    public let isActive: Bool
}

public struct ReplyView: Sendable {
    public let id: String
    public let receivedAt: String
    public let receivedInstant: Date
    public let when: String
    public let phone: String
    public let households: [String]
    public let groupID: String?
    public let text: String
    public let intent: String
    public let intentLabel: String
    public let response: String
    public let handled: Bool
    public let handledBy: String?
}

public struct LogLineView: Sendable {
    public let at: String
    public let instant: Date
    /// The line's place in the log, where a next page starts.
    public let line: Int64?
    public let when: String
    public let message: String
    public let event: String
    public let gateway: String?
    public let httpStatus: Int?
    public let latencyMilliseconds: Int?
    public let change: String
    public let fromState: String?
    public let toState: String?
    public let note: String
}

public struct BroadcastPreviewView: Sendable {
    public let audience: String
    public let text: String
    public let households: Int
    public let phones: Int
    public let sms: Int
    public let whatsApp: Int
    public let smsSegments: Int
    public let encodings: String
    public let estimatedCost: String
    public let optedOut: Int
    public let unreachable: Int
    public let scheduledAt: String?
    /// The chosen time as the form's field holds it, to send what was previewed.
    public let atInput: String
    public let needsConfirmation: Bool
    public let samples: [SampleView]
}

public struct SampleView: Sendable {
    public let phone: String
    public let channel: String
    public let segments: Int
    public let encoding: String
    public let text: String
}

public struct BroadcastSentView: Sendable {
    public let id: String
    public let messages: Int
    public let scheduledAt: String?
    public let scheduledInstant: Date?
}

public struct AttendanceResultView: Sendable {
    public let meetingID: String
    public let present: Int
    public let excused: Int
    public let absent: Int
    public let changed: Int
    public let motivationMessages: Int
    public let homeVisits: Int
}
