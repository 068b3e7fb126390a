import Foundation
import PengingatCore
import PengingatService

/// The verification page of one group's month: one row per member and commitment, each with
/// its three choices, as the attendance form has. Display text in Bahasa Indonesia.
public struct VerificationView: Sendable {
    public struct Line: Sendable {
        /// The line's place in the form: its fields are named `status_<index>` and so on.
        public let index: Int
        public let householdID: String
        public let householdName: String
        public let memberName: String
        public let commitment: Commitment
        /// The commitment's code, for the form (Mustache reads stored properties only).
        public let commitmentCode: String
        public let commitmentLabel: String
        public let status: VerificationStatus?
        public let met: Bool
        public let notMet: Bool
        public let excused: Bool
        public let note: String
        /// Who recorded the line and when, for the API; nil while it is not recorded.
        public let recordedBy: String?
        public let recordedAt: Date?
        public let isUnexpected: Bool
        /// The first line of its household, which shows the household's name.
        public let startsHousehold: Bool
    }

    public let groupID: String
    public let groupName: String
    public let groupPath: String
    public let month: String
    public let monthLabel: String
    public let previousMonth: String
    public let nextMonth: String?
    public let lines: [Line]
    public let hasLines: Bool
    public let recorded: Int
    public let total: Int
    public let metCount: Int
    public let notMetCount: Int
    public let excusedCount: Int

    init(sheet: VerificationService.Sheet, currentMonth: CalendarMonth, groupPath: String) {
        groupID = sheet.group.id
        groupName = sheet.group.name
        self.groupPath = groupPath
        month = sheet.month.description
        monthLabel = DeskLabels.month(sheet.month)
        previousMonth = sheet.month.adding(months: -1).description
        nextMonth = sheet.month < currentMonth ? sheet.month.adding(months: 1).description : nil
        var previousHousehold: String?
        lines = sheet.lines.enumerated().map { index, line in
            let status = line.recorded?.status
            defer { previousHousehold = line.household.id }
            return Line(
                index: index, householdID: line.household.id, householdName: line.household.caregiverName,
                memberName: line.memberName, commitment: line.commitment, commitmentCode: line.commitment.rawValue,
                commitmentLabel: DeskLabels.commitment(line.commitment),
                status: status, met: status == .met, notMet: status == .notMet, excused: status == .excused,
                note: line.recorded?.note ?? "", recordedBy: line.recorded?.recordedBy, recordedAt: line.recorded?.recordedAt,
                isUnexpected: line.isUnexpected, startsHousehold: previousHousehold != line.household.id)
        }
        hasLines = !lines.isEmpty
        total = lines.count
        recorded = lines.filter { $0.status != nil }.count
        metCount = lines.filter(\.met).count
        notMetCount = lines.filter(\.notMet).count
        excusedCount = lines.filter(\.excused).count
    }
}

/// What recording a month did, for the notice after the form.
public struct VerificationResultView: Sendable {
    public let met: Int
    public let notMet: Int
    public let excused: Int
    public let followUps: Int
    public let homeVisits: Int
    public let remindersWithdrawn: Int
}
