import Foundation
import PengingatCore
import PengingatService

/// The page `/laporan/2027-03`: the report in words, for reading on a phone and printing on A4.
public struct MonthlyReportView: Sendable {
    public let month: String
    public let title: String
    public let previousLink: String
    public let previousLabel: String
    public let nextLink: String
    public let nextLabel: String
    public let csvLink: String
    public let xlsxLink: String
    /// The month is not over when the report was made: its figures still move.
    public let isRunning: Bool
    public let facilitators: [Facilitator]
    public let isEmpty: Bool
    public let totals: [Figure]

    public struct Facilitator: Sendable {
        public let id: String
        public let name: String
        public let groups: [GroupRow]
        public let followUps: [FollowUpRow]
        public let hasFollowUps: Bool
        public let notMet: [NotMetRow]
        public let hasNotMet: Bool
        public let summary: String
    }

    public struct GroupRow: Sendable {
        public let id: String
        public let name: String
        public let meeting: String
        public let date: String
        public let topic: String
        public let present: String
        public let excused: String
        public let absent: String
        public let rate: String
        public let notRecorded: Bool
        public let verification: String
        public let sent: Int
        public let delivered: Int
        public let failed: Int
        public let cost: String
    }

    public struct FollowUpRow: Sendable {
        public let groupID: String
        public let householdID: String
        public let name: String
        public let status: String
        /// Nil when none was given: Mustache takes an empty text for a value.
        public let reason: String?
        public let motivation: String
        public let homeVisit: String
    }

    public struct NotMetRow: Sendable {
        public let groupID: String
        public let householdID: String
        public let member: String
        public let commitment: String
        public let note: String?
    }

    public struct Figure: Sendable {
        public let label: String
        public let value: String
    }

    public init(_ report: MonthlyReport) {
        let month = report.month
        self.month = month.description
        title = "Laporan \(MonthlyReport.monthName(month))"
        previousLink = "/laporan/\(month.adding(months: -1))"
        previousLabel = MonthlyReport.monthName(month.adding(months: -1))
        nextLink = "/laporan/\(month.adding(months: 1))"
        nextLabel = MonthlyReport.monthName(month.adding(months: 1))
        csvLink = "/laporan/\(month).csv"
        xlsxLink = "/laporan/\(month).xlsx"
        // The latest zone's month has ended when WIT's has.
        isRunning = LocalDateTime(report.madeAt, in: .wit).date <= month.last
        facilitators = report.facilitators.map { facilitator in
            Facilitator(
                id: facilitator.id, name: facilitator.name,
                groups: facilitator.groups.map(Self.row),
                followUps: facilitator.groups.flatMap { group in
                    group.followUps.map { followUp in
                        FollowUpRow(
                            groupID: group.id, householdID: followUp.householdID, name: followUp.name,
                            status: MonthlyReport.label(followUp.status), reason: followUp.reason,
                            motivation: MonthlyReport.label(followUp.motivation),
                            homeVisit: followUp.homeVisitDue.map { "paling lambat \($0.indonesianText)" } ?? "-")
                    }
                },
                hasFollowUps: facilitator.groups.contains { !$0.followUps.isEmpty },
                notMet: facilitator.groups.flatMap { group in
                    group.verification.notMet.map {
                        NotMetRow(groupID: group.id, householdID: $0.householdID, member: $0.memberName,
                                  commitment: MonthlyReport.label($0.commitment), note: $0.note.flatMap { $0.isEmpty ? nil : $0 })
                    }
                },
                hasNotMet: facilitator.groups.contains { !$0.verification.notMet.isEmpty },
                summary: Self.summary(facilitator.totals))
        }
        isEmpty = report.facilitators.isEmpty
        let totals = report.totals
        let verification = totals.verification
        self.totals = [
            Figure(label: "Kelompok", value: "\(totals.groups) kelompok, \(totals.activeHouseholds) KPM aktif"),
            Figure(label: "Pertemuan", value: "\(totals.meetings[.held] ?? 0) terlaksana, \(totals.meetings[.cancelled] ?? 0) dibatalkan, "
                + "\(totals.meetings[.upcoming] ?? 0) belum berlangsung"),
            Figure(label: "Kehadiran", value: "\(totals.attendance.present) hadir, \(totals.attendance.excused) izin, "
                + "\(totals.attendance.absent) tidak hadir" + (totals.attendance.rate.map { " (\(MonthlyReport.percentText($0)))" } ?? "")
                + (totals.notRecorded > 0 ? "; \(totals.notRecorded) pertemuan belum dicatat" : "")),
            Figure(label: "Tindak lanjut", value: "\(totals.motivationMessages) pesan penyemangat, \(totals.homeVisits) kunjungan rumah"),
            Figure(label: "Verifikasi komitmen", value: "\(verification.met) memenuhi, \(verification.notMet) tidak memenuhi, "
                + "\(verification.excused) izin, \(verification.notRecorded) belum dicatat"),
            Figure(label: "Pesan", value: "\(totals.messages.sent) terkirim, \(totals.messages.delivered) sampai, "
                + "\(totals.messages.failed) gagal, \(totals.messages.planned) dijadwalkan"),
            Figure(label: "Perkiraan biaya", value: "\(MonthlyReport.rupiah(totals.cost)) (\(totals.smsSegments) segmen SMS, "
                + "\(totals.whatsAppMessages) pesan WhatsApp)"),
        ]
    }

    static func row(_ group: MonthlyReport.GroupSection) -> GroupRow {
        let meeting = group.meeting
        let verification = group.verification.total
        return GroupRow(
            id: group.id, name: group.name, meeting: meeting.map { MonthlyReport.label($0.status) } ?? "Tidak ada jadwal",
            date: meeting.map { $0.start.date.indonesianText } ?? "-",
            topic: meeting?.sessionNumber.map { "Sesi \($0): \(meeting?.sessionTitle ?? "")" } ?? meeting?.module ?? "-",
            present: group.attendance.map { "\($0.present)" } ?? "-", excused: group.attendance.map { "\($0.excused)" } ?? "-",
            absent: group.attendance.map { "\($0.absent)" } ?? "-", rate: MonthlyReport.attendanceLabel(group),
            notRecorded: meeting?.status == .held && group.attendance == nil,
            verification: verification.recorded + verification.notRecorded == 0 ? "-"
                : "\(verification.met) memenuhi, \(verification.notMet) tidak memenuhi, \(verification.notRecorded) belum dicatat",
            sent: group.messages.sent, delivered: group.messages.delivered, failed: group.messages.failed,
            cost: MonthlyReport.rupiah(group.cost))
    }

    static func summary(_ totals: MonthlyReport.Totals) -> String {
        "\(totals.groups) kelompok · kehadiran " + (totals.attendance.rate.map(MonthlyReport.percentText) ?? "-")
            + " · \(totals.messages.sent) pesan terkirim · \(MonthlyReport.rupiah(totals.cost))"
    }
}
