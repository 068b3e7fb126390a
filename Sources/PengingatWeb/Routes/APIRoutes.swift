import Foundation
import Hummingbird
import PengingatCore
import PengingatStore

/// The JSON API under `/api/v1`, for the district's systems and scripts: the same resources and
/// actions as the pages, through the same `FacilitatorDesk` and scope. Described in
/// `openapi.yaml` (a test keeps the two in step). Every call carries `Authorization: Bearer
/// <token>` (`pengingat akun token`); no cookies, so no CSRF.
extension FacilitatorSite {
    typealias APIHandler = @Sendable (Request, WebRequestContext, Account) async throws -> Response

    func addAPIRoutes(to router: Router<WebRequestContext>) {
        let api = router.group("api/v1")
        api.get("dashboard", use: endpoint { _, _, account in try Self.json(try await desk.dashboard(for: account)) })
        api.get("groups", use: endpoint { _, _, account in try Self.json(try await desk.groups(for: account)) })
        api.get("groups/:id", use: endpoint { _, context, account in
            try Self.json(try await desk.group(id: try context.parameters.require("id"), for: account))
        })
        api.get("households", use: endpoint { request, _, account in
            let query = HouseholdListQuery(request.uri.queryParameters)
            let (filter, after, limit) = try query.parsed()
            let households = try await store.households(in: account.scope, matching: filter, after: after, limit: limit + 1)
            let page = households.prefix(limit)
            return try Self.json(APIHouseholdPage(
                households: page.map(APIHousehold.init),
                nextCursor: households.count > limit ? page.last.map { HouseholdCursor.encode($0.id) } : nil))
        })
        api.get("households/:id", use: endpoint { _, context, account in
            try Self.json(try await desk.household(id: try context.parameters.require("id"), for: account))
        })
        api.put("households/:id/consent", use: endpoint { request, context, account in
            let body = try await request.decode(as: ConsentRequest.self, context: context)
            let id = try context.parameters.require("id")
            try await desk.setConsent(householdID: id, optedOut: body.optedOut, by: account)
            return try Self.json(try await desk.household(id: id, for: account))
        })
        api.post("meetings/:group/:month/attendance", use: endpoint { request, context, account in
            let body = try await request.decode(as: AttendanceRequest.self, context: context)
            return try Self.json(try await desk.recordAttendance(
                meetingID: try Self.meetingID(context), absent: Set(body.absent ?? []), excused: body.excused ?? [:], by: account))
        })
        api.post("meetings/:group/:month/move", use: endpoint { request, context, account in
            let body = try await request.decode(as: MoveRequest.self, context: context)
            var start: LocalDateTime?
            if let text = body.start {
                guard let parsed = Self.localDateTime(text) else {
                    throw DeskError(.invalidDateTime(text))
                }
                start = parsed
            }
            return try Self.json(try await desk.moveMeeting(id: try Self.meetingID(context), to: start, place: body.place, by: account))
        })
        api.post("meetings/:group/:month/cancel", use: endpoint { _, context, account in
            try Self.json(try await desk.cancelMeeting(id: try Self.meetingID(context), by: account))
        })
        api.post("broadcasts/preview", use: endpoint { request, context, account in
            let body = try await request.decode(as: BroadcastRequest.self, context: context)
            return try Self.json(try await desk.previewBroadcast(try body.form(), by: account).1)
        })
        api.post("broadcasts", use: endpoint { request, context, account in
            let body = try await request.decode(as: BroadcastRequest.self, context: context)
            return try Self.json(try await desk.sendBroadcast(try body.form(), confirmed: body.confirm ?? false, by: account),
                                 status: .created)
        })
        api.get("log", use: endpoint { request, _, account in
            let query = request.uri.queryParameters
            let form = LogFilterForm(query: { name in
                let english = ["kelompok": "group", "sejak": "since", "sampai": "until", "kpm": "household"][name] ?? name
                return query[Substring(english)].map(String.init)
            })
            var filter = form.filter
            if let limit = query["limit"].flatMap({ Int($0) }) { filter.limit = max(1, min(limit, 5000)) }
            return try Self.json(try await desk.log(filter, for: account))
        })
        api.get("replies", use: endpoint { request, _, account in
            try Self.json(try await desk.replies(for: account, unhandledOnly: request.uri.queryParameters["unhandled"] != "false"))
        })
        api.post("replies/:id/handled", use: endpoint { _, context, account in
            try await desk.markReplyHandled(id: try context.parameters.require("id"), by: account)
            return Response(status: .noContent)
        })
    }

    /// A call with a valid token; errors as `{"error": {"code", "message", "remedy"}}`.
    func endpoint(_ handler: @escaping APIHandler) -> @Sendable (Request, WebRequestContext) async throws -> Response {
        { request, context in
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
                  let account = try await accounts.account(forToken: String(header.dropFirst("Bearer ".count)))
            else {
                var response = try Self.apiError(.unauthorized, code: "API01", message: "Token tidak ada atau tidak berlaku.",
                                                 remedy: "Kirim header Authorization: Bearer TOKEN; token dibuat admin dengan pengingat akun token NAMA.")
                response.headers[.wwwAuthenticate] = "Bearer"
                return response
            }
            do {
                return try await handler(request, context, account)
            } catch let error where Self.explained(error, for: .api) != nil {
                let explained = Self.explained(error, for: .api)!
                return try Self.apiError(explained.status, code: explained.code, message: explained.message, remedy: explained.remedy)
            } catch let error as DecodingError {
                return try Self.apiError(.badRequest, code: "API02", message: "Isi permintaan tidak sesuai: \(Self.describe(error)).",
                                         remedy: "Lihat openapi.yaml untuk bentuk yang benar.")
            } catch let error as HTTPError where error.status == .badRequest {
                return try Self.apiError(.badRequest, code: "API02", message: "Isi permintaan bukan JSON yang sah.",
                                         remedy: "Lihat openapi.yaml untuk bentuk yang benar.")
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "kolom \(key.stringValue) tidak ada"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "kolom \(context.codingPath.map(\.stringValue).joined(separator: ".")) salah jenis"
        case .dataCorrupted: "bukan JSON yang sah"
        @unknown default: "tidak terbaca"
        }
    }
}

struct ConsentRequest: Decodable {
    let optedOut: Bool
}

struct AttendanceRequest: Decodable {
    let absent: [String]?
    let excused: [String: String]?
}

struct MoveRequest: Decodable {
    let start: String?
    let place: String?
}

struct BroadcastRequest: Decodable {
    let audience: String
    let text: String
    let at: String?
    let confirm: Bool?

    func form() throws -> FacilitatorDesk.BroadcastForm {
        var instant: Date?
        if let at {
            guard let local = FacilitatorSite.localDateTime(at) else { throw DeskError(.invalidDateTime(at)) }
            instant = local.instant(in: .wib)
        }
        return .init(audience: audience, text: text, at: instant)
    }
}
