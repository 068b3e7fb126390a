import Foundation
import PengingatAPI
import PengingatCore
import PengingatService

// `GET /api/v1/reports/monthly/{month}` from the same `MonthlyReport` the page shows: codes,
// counts, dates and instants only.

extension APISchemas.MonthlyReport {
    init(_ report: MonthlyReport) {
        self.init(
            month: report.month.description, madeAt: report.madeAt,
            prices: .init(smsSegment: report.prices.smsSegment, whatsAppMessage: report.prices.whatsAppMessage),
            facilitators: report.facilitators.map { facilitator in
                APISchemas.ReportFacilitator(id: facilitator.id, name: facilitator.name,
                                             groups: facilitator.groups.map(APISchemas.ReportGroup.init),
                                             totals: .init(facilitator.totals))
            },
            totals: .init(report.totals))
    }
}

extension APISchemas.ReportGroup {
    init(_ group: MonthlyReport.GroupSection) {
        self.init(
            id: group.id, name: group.name, zone: ZonePayload(rawValue: group.zone.abbreviation.rawValue) ?? .wib,
            activeHouseholds: group.activeHouseholds,
            meeting: group.meeting.map { meeting in
                APISchemas.ReportMeeting(
                    id: meeting.id, status: .init(rawValue: meeting.status.rawValue) ?? .upcoming, date: meeting.start.date.description,
                    start: meeting.start.instant(in: group.zone), place: meeting.place, moved: meeting.moved, module: meeting.module,
                    session: meeting.sessionNumber)
            },
            attendance: group.attendance.map(APISchemas.ReportAttendance.init),
            followUps: group.followUps.map { followUp in
                APISchemas.ReportFollowUp(
                    householdID: followUp.householdID, householdName: followUp.name,
                    attendance: followUp.status == .excused ? .excused : .absent,
                    motivation: followUp.motivation.flatMap { .init(rawValue: $0.rawValue) },
                    homeVisitDue: followUp.homeVisitDue?.description)
            },
            verification: group.verification.counts.keys.sorted().compactMap { commitment in
                guard let counts = group.verification.counts[commitment],
                      let code = APISchemas.ReportCommitment.CommitmentPayload(rawValue: commitment.rawValue) else { return nil }
                return APISchemas.ReportCommitment(commitment: code, met: counts.met, notMet: counts.notMet, excused: counts.excused,
                                                   notRecorded: counts.notRecorded)
            },
            notMet: group.verification.notMet.compactMap { shortfall in
                APISchemas.ReportShortfall.CommitmentPayload(rawValue: shortfall.commitment.rawValue).map {
                    APISchemas.ReportShortfall(householdID: shortfall.householdID, memberName: shortfall.memberName, commitment: $0)
                }
            },
            messages: .init(group.messages, smsSegments: group.smsSegments, whatsAppMessages: group.whatsAppMessages, cost: group.cost))
    }
}

extension APISchemas.ReportAttendance {
    init(_ count: MonthlyReport.AttendanceCount) {
        self.init(present: count.present, excused: count.excused, absent: count.absent, recorded: count.recorded)
    }
}

extension APISchemas.ReportMessages {
    init(_ tally: MessageTally, smsSegments: Int, whatsAppMessages: Int, cost: Int) {
        self.init(total: tally.total, planned: tally.planned, sent: tally.sent, delivered: tally.delivered, failed: tally.failed,
                  expired: tally.expired, withdrawn: tally.withdrawn, smsSegments: smsSegments, whatsAppMessages: whatsAppMessages,
                  estimatedCost: cost)
    }
}

extension APISchemas.ReportTotals {
    init(_ totals: MonthlyReport.Totals) {
        self.init(
            groups: totals.groups, activeHouseholds: totals.activeHouseholds, meetingsHeld: totals.meetings[.held] ?? 0,
            meetingsCancelled: totals.meetings[.cancelled] ?? 0, meetingsUpcoming: totals.meetings[.upcoming] ?? 0,
            notRecorded: totals.notRecorded, attendance: .init(totals.attendance), motivationMessages: totals.motivationMessages,
            homeVisits: totals.homeVisits,
            verification: .init(met: totals.verification.met, notMet: totals.verification.notMet, excused: totals.verification.excused,
                                notRecorded: totals.verification.notRecorded),
            messages: .init(totals.messages, smsSegments: totals.smsSegments, whatsAppMessages: totals.whatsAppMessages, cost: totals.cost))
    }
}
