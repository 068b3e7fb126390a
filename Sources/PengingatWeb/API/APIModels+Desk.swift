import Foundation
import PengingatAPI
import PengingatCore
import PengingatOutbox
import PengingatService
import PengingatStore

// The API's models are the types generated from openapi.yaml; these build them from what the
// desk read. Only machine-readable fields cross: codes, instants, dates, counts. The pages'
// Indonesian labels never do, so a change of a page's wording never changes what a program reads.

typealias APISchemas = Components.Schemas

extension APISchemas.Meeting {
    init(_ view: MeetingView) {
        self.init(id: view.id, groupID: view.groupID, groupName: view.groupName, start: view.startAt, place: view.place,
                  status: StatusPayload(rawValue: view.status) ?? .scheduled, topic: view.topic)
    }
}

extension APISchemas.Obligation {
    init(_ view: ObligationView) {
        self.init(householdID: view.householdID, householdName: view.householdName, kind: view.kind, at: view.at)
    }
}

extension APISchemas.Message {
    init(_ view: MessageView) {
        self.init(key: view.key, source: view.source, kinds: view.kinds, phone: view.phone,
                  channel: APISchemas.Channel(rawValue: view.channel) ?? .sms,
                  state: APISchemas.MessageState(rawValue: view.state) ?? .queued, due: view.dueAt, groupID: view.groupID,
                  households: view.households, segments: view.segments)
    }
}

extension APISchemas.Dashboard {
    init(_ view: DashboardView) {
        self.init(
            today: view.days.first?.date ?? "",
            days: view.days.map {
                APISchemas.DashboardDay(date: $0.date, meetings: $0.meetings.map(APISchemas.Meeting.init), moreMeetings: $0.moreMeetings,
                                        obligations: $0.obligations.map(APISchemas.Obligation.init),
                                        moreObligations: $0.moreObligations, scheduledMessages: $0.scheduledMessages)
            },
            failures: view.failures.map(APISchemas.Message.init),
            homeVisits: view.homeVisits.map {
                APISchemas.HomeVisit(householdID: $0.householdID, householdName: $0.householdName, due: $0.dueDate.description,
                                     reason: $0.reason)
            },
            unreachable: view.unreachable.map {
                APISchemas.UnreachableHousehold(householdID: $0.householdID, householdName: $0.householdName, phone: $0.phone,
                                                reason: $0.reason)
            },
            moreUnreachable: view.moreUnreachable, unhandledReplies: view.unhandledReplies, holidayWarnings: view.holidayWarnings)
    }
}

extension APISchemas.GroupSummary {
    init(_ view: GroupSummaryView) {
        self.init(id: view.id, name: view.name, place: view.place, households: view.households,
                  nextMeeting: view.nextMeeting.map(APISchemas.Meeting.init))
    }
}

extension APISchemas.Group {
    init(_ view: GroupView) {
        self.init(
            id: view.id, name: view.name, facilitatorID: view.facilitatorID, place: view.place, kelurahan: view.kelurahan,
            nextMeeting: view.nextMeeting.map(APISchemas.Meeting.init), meetings: view.meetings.map(APISchemas.Meeting.init),
            attendanceMeeting: view.attendanceMeeting.map(APISchemas.Meeting.init),
            households: view.households.map { row in
                APISchemas.GroupHousehold(
                    id: row.id, name: row.name, phone: row.maskedPhone, channel: APISchemas.Channel(rawValue: row.channel) ?? .sms,
                    components: row.componentCodes.compactMap { APISchemas.Component(rawValue: $0.rawValue) },
                    optedOut: row.optedOut, isLeader: row.isLeader,
                    attendance: row.attendanceStatus.map {
                        switch $0 {
                        case .present: .present
                        case .absent: .absent
                        case .excused: .excused
                        }
                    },
                    excuse: row.reason.isEmpty ? nil : row.reason)
            })
    }
}

extension APISchemas.Household {
    init(_ household: PengingatCore.Household) {
        self.init(
            id: household.id, name: household.caregiverName, groupID: household.groupID, phone: household.phone?.masked,
            channel: household.channel == .whatsapp ? .whatsapp : .sms,
            language: LanguagePayload(rawValue: household.language.rawValue) ?? .id,
            status: household.status == .active ? .active : .inactive,
            consent: household.consent == .optedOut ? .optedOut : .granted)
    }
}

extension APISchemas.HouseholdDetail {
    init(_ view: HouseholdView) {
        self.init(
            household: APISchemas.Household(view.household), groupName: view.groupName, address: view.address,
            alternatePhone: view.alternatePhone.isEmpty ? nil : view.alternatePhone, unreachableReason: view.unreachableReason,
            members: view.members.map {
                APISchemas.Member(name: $0.name, relation: $0.relation,
                                  component: $0.componentCode.flatMap { APISchemas.Component(rawValue: $0.rawValue) },
                                  birthDate: $0.birthDateValue?.description, active: $0.isActive)
            },
            upcoming: view.upcoming.map(APISchemas.Obligation.init), messages: view.messages.map(APISchemas.Message.init),
            replies: view.replies.map(APISchemas.Reply.init))
    }
}

extension APISchemas.Reply {
    init(_ view: ReplyView) {
        self.init(id: view.id, receivedAt: view.receivedInstant, phone: view.phone, households: view.households, groupID: view.groupID,
                  text: view.text, intent: IntentPayload(rawValue: view.intent) ?? .lain,
                  response: ResponsePayload(rawValue: view.response) ?? .diam, handled: view.handled, handledBy: view.handledBy)
    }
}

extension APISchemas.LogLine {
    init(_ view: LogLineView) {
        self.init(at: view.instant, message: view.message, event: EventPayload(rawValue: view.event) ?? .status, gateway: view.gateway,
                  httpStatus: view.httpStatus, latencyMilliseconds: view.latencyMilliseconds,
                  fromState: view.fromState.flatMap(APISchemas.MessageState.init(rawValue:)),
                  toState: view.toState.flatMap(APISchemas.MessageState.init(rawValue:)), note: view.note.isEmpty ? nil : view.note)
    }
}

extension APISchemas.BroadcastPreview {
    init(_ preview: BroadcastService.Preview, form: FacilitatorDesk.BroadcastForm) {
        self.init(
            audience: form.audience, text: form.text, households: preview.households, phones: preview.phones, sms: preview.sms.count,
            whatsApp: preview.whatsApp.count, smsSegments: preview.smsSegments,
            encodings: .init(additionalProperties: preview.encodings), estimatedCost: preview.estimatedCost,
            optedOut: preview.optedOut, unreachable: preview.unreachable.count, scheduledAt: preview.scheduledAt,
            needsConfirmation: preview.needsConfirmation,
            samples: preview.samples.map {
                APISchemas.BroadcastSample(phone: $0.phone.masked, channel: $0.channel == .whatsapp ? .whatsapp : .sms,
                                           segments: $0.segments, encoding: $0.encoding, text: $0.text)
            })
    }
}

extension APISchemas.Broadcast {
    init(_ view: BroadcastSentView) {
        self.init(id: view.id, messages: view.messages, scheduledAt: view.scheduledInstant)
    }
}

extension APISchemas.AttendanceResult {
    init(_ view: AttendanceResultView) {
        self.init(meetingID: view.meetingID, present: view.present, excused: view.excused, absent: view.absent, changed: view.changed,
                  motivationMessages: view.motivationMessages, homeVisits: view.homeVisits)
    }
}
