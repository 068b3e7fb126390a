import Foundation
import PengingatAPI
import PengingatCore
import PengingatStore

/// The JSON API's operations, as openapi.yaml declares them (`APIProtocol` is generated from
/// it), over the same `FacilitatorDesk` and scope as the pages. The caller's account was read
/// from the bearer token by `APIAuthenticationMiddleware`; errors are thrown and written by
/// `APIErrorMiddleware` with the status the spec declares for them.
struct FacilitatorAPI: APIProtocol {
    let desk: FacilitatorDesk
    let store: any PengingatStore

    private var account: Account {
        get throws {
            guard let account = APIAuthenticationMiddleware.caller else { throw APIAuthenticationMiddleware.Unauthenticated() }
            return account
        }
    }

    func getDashboard(_ input: Operations.GetDashboard.Input) async throws -> Operations.GetDashboard.Output {
        .ok(.init(body: .json(.init(try await desk.dashboard(for: try account)))))
    }

    func listGroups(_ input: Operations.ListGroups.Input) async throws -> Operations.ListGroups.Output {
        .ok(.init(body: .json(try await desk.groups(for: try account).map(APISchemas.GroupSummary.init))))
    }

    func getGroup(_ input: Operations.GetGroup.Input) async throws -> Operations.GetGroup.Output {
        .ok(.init(body: .json(.init(try await desk.group(id: input.path.id, for: try account)))))
    }

    func listHouseholds(_ input: Operations.ListHouseholds.Input) async throws -> Operations.ListHouseholds.Output {
        let query = try APIQuery.HouseholdList(input.query)
        let households = try await store.households(in: try account.scope, matching: query.filter, after: query.after,
                                                    limit: query.limit + 1)
        let page = households.prefix(query.limit)
        return .ok(.init(body: .json(.init(
            households: page.map(APISchemas.Household.init),
            nextCursor: households.count > query.limit ? page.last.map { PageCursor.household(after: $0.id) } : nil))))
    }

    func getHousehold(_ input: Operations.GetHousehold.Input) async throws -> Operations.GetHousehold.Output {
        .ok(.init(body: .json(.init(try await desk.household(id: input.path.id, for: try account)))))
    }

    func setConsent(_ input: Operations.SetConsent.Input) async throws -> Operations.SetConsent.Output {
        guard case .json(let body) = input.body else { throw APIQuery.unreadableBody }
        let account = try account
        try await desk.setConsent(householdID: input.path.id, optedOut: body.optedOut, by: account)
        return .ok(.init(body: .json(.init(try await desk.household(id: input.path.id, for: account)))))
    }

    func recordAttendance(_ input: Operations.RecordAttendance.Input) async throws -> Operations.RecordAttendance.Output {
        guard case .json(let body) = input.body else { throw APIQuery.unreadableBody }
        let result = try await desk.recordAttendance(
            meetingID: APIQuery.meetingID(group: input.path.group, month: input.path.month), absent: Set(body.absent ?? []),
            excused: body.excused?.additionalProperties ?? [:], by: try account)
        return .ok(.init(body: .json(.init(result))))
    }

    func moveMeeting(_ input: Operations.MoveMeeting.Input) async throws -> Operations.MoveMeeting.Output {
        guard case .json(let body) = input.body else { throw APIQuery.unreadableBody }
        let start = try body.start.map { text throws(DeskError) in try APILocalTime.parse(text) }
        if let place = body.place, !APILocalTime.hasVisibleText(place) {
            throw DeskError(.invalidForm("place tidak boleh kosong"))
        }
        let meeting = try await desk.moveMeeting(
            id: APIQuery.meetingID(group: input.path.group, month: input.path.month), to: start, place: body.place, by: try account)
        return .ok(.init(body: .json(.init(meeting))))
    }

    func cancelMeeting(_ input: Operations.CancelMeeting.Input) async throws -> Operations.CancelMeeting.Output {
        let meeting = try await desk.cancelMeeting(id: APIQuery.meetingID(group: input.path.group, month: input.path.month),
                                                   by: try account)
        return .ok(.init(body: .json(.init(meeting))))
    }

    func previewBroadcast(_ input: Operations.PreviewBroadcast.Input) async throws -> Operations.PreviewBroadcast.Output {
        guard case .json(let body) = input.body else { throw APIQuery.unreadableBody }
        let form = try APIQuery.broadcastForm(body)
        let (preview, _) = try await desk.previewBroadcast(form, by: try account)
        return .ok(.init(body: .json(.init(preview, form: form))))
    }

    func sendBroadcast(_ input: Operations.SendBroadcast.Input) async throws -> Operations.SendBroadcast.Output {
        guard case .json(let body) = input.body else { throw APIQuery.unreadableBody }
        let sent = try await desk.sendBroadcast(try APIQuery.broadcastForm(body), confirmed: body.confirm ?? false, by: try account)
        return .created(.init(body: .json(.init(sent))))
    }

    func readLog(_ input: Operations.ReadLog.Input) async throws -> Operations.ReadLog.Output {
        let (filter, limit) = try APIQuery.deliveryLog(input.query)
        let lines = try await desk.log(filter, for: try account)
        let page = lines.prefix(limit)
        return .ok(.init(body: .json(.init(
            lines: page.map(APISchemas.LogLine.init),
            nextCursor: lines.count > limit ? page.last?.line.map(PageCursor.logLine) : nil))))
    }

    func listReplies(_ input: Operations.ListReplies.Input) async throws -> Operations.ListReplies.Output {
        let limit = try APIQuery.limit(input.query.limit, default: 50, maximum: 200)
        let replies = try await desk.replies(
            for: try account, unhandledOnly: input.query.unhandled ?? true,
            before: try APIQuery.cursor(input.query.cursor, PageCursor.reply(from:)), limit: limit + 1)
        let page = replies.prefix(limit)
        return .ok(.init(body: .json(.init(
            replies: page.map(APISchemas.Reply.init),
            nextCursor: replies.count > limit
                ? page.last.map { PageCursor.reply(Reply.Position(receivedAt: $0.receivedInstant, id: $0.id)) } : nil))))
    }

    func getMonthlyReport(_ input: Operations.GetMonthlyReport.Input) async throws -> Operations.GetMonthlyReport.Output {
        let month = try FacilitatorDesk.reportMonth(input.path.month)
        let report = try await desk.monthlyReport(month: month, groupID: APIQuery.text(input.query.groupId), for: try account)
        return .ok(.init(body: .json(.init(report))))
    }

    func getVerification(_ input: Operations.GetVerification.Input) async throws -> Operations.GetVerification.Output {
        let month = try APIQuery.verificationMonth(input.path.month)
        let view = try await desk.verification(groupID: input.path.id, month: month, for: try account)
        return .ok(.init(body: .json(.init(view))))
    }

    func recordVerification(_ input: Operations.RecordVerification.Input) async throws -> Operations.RecordVerification.Output {
        guard case .json(let body) = input.body else { throw APIQuery.unreadableBody }
        let month = try APIQuery.verificationMonth(input.path.month)
        let result = try await desk.recordVerification(
            groupID: input.path.id, month: month, entries: try APIQuery.verificationEntries(body), by: try account)
        return .ok(.init(body: .json(.init(result))))
    }

    func markReplyHandled(_ input: Operations.MarkReplyHandled.Input) async throws -> Operations.MarkReplyHandled.Output {
        try await desk.markReplyHandled(id: input.path.id, by: try account)
        return .noContent(.init())
    }
}
