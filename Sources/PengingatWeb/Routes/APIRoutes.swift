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
        // The methods each path answers: any other gets 405 with `Allow`, as the spec says.
        var methods: [String: [HTTPRequest.Method]] = [:]
        func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping APIHandler) {
            methods[path, default: []].append(method)
            api.on(RouterPath(path), method: method, use: endpoint(handler))
        }
        on(.get, "dashboard") { _, _, account in try Self.json(try await desk.dashboard(for: account)) }
        on(.get, "groups") { _, _, account in try Self.json(try await desk.groups(for: account)) }
        on(.get, "groups/:id") { _, context, account in
            try Self.json(try await desk.group(id: try context.parameters.require("id"), for: account))
        }
        on(.get, "households") { request, _, account in
            let (filter, after, limit) = try APIQuery(request.uri.queryParameters).householdList()
            let households = try await store.households(in: account.scope, matching: filter, after: after, limit: limit + 1)
            let page = households.prefix(limit)
            return try Self.json(APIHouseholdPage(
                households: page.map(APIHousehold.init),
                nextCursor: households.count > limit ? page.last.map { HouseholdCursor.encode($0.id) } : nil))
        }
        on(.get, "households/:id") { _, context, account in
            try Self.json(try await desk.household(id: try context.parameters.require("id"), for: account))
        }
        on(.put, "households/:id/consent") { request, context, account in
            let body = try await request.decode(as: ConsentRequest.self, context: context)
            let id = try context.parameters.require("id")
            try await desk.setConsent(householdID: id, optedOut: body.optedOut, by: account)
            return try Self.json(try await desk.household(id: id, for: account))
        }
        on(.post, "meetings/:group/:month/attendance") { request, context, account in
            let body = try await request.decode(as: AttendanceRequest.self, context: context)
            return try Self.json(try await desk.recordAttendance(
                meetingID: try Self.meetingID(context), absent: Set(body.absent ?? []), excused: body.excused ?? [:], by: account))
        }
        on(.post, "meetings/:group/:month/move") { request, context, account in
            let body = try await request.decode(as: MoveRequest.self, context: context)
            let start = try body.start.map { text throws(DeskError) in try APILocalTime.parse(text) }
            if let place = body.place, !APILocalTime.hasVisibleText(place) {
                throw DeskError(.invalidForm("place tidak boleh kosong"))
            }
            return try Self.json(try await desk.moveMeeting(id: try Self.meetingID(context), to: start, place: body.place, by: account))
        }
        on(.post, "meetings/:group/:month/cancel") { _, context, account in
            try Self.json(try await desk.cancelMeeting(id: try Self.meetingID(context), by: account))
        }
        on(.post, "broadcasts/preview") { request, context, account in
            let body = try await request.decode(as: BroadcastRequest.self, context: context)
            return try Self.json(try await desk.previewBroadcast(try body.form(), by: account).1)
        }
        on(.post, "broadcasts") { request, context, account in
            let body = try await request.decode(as: BroadcastRequest.self, context: context)
            return try Self.json(try await desk.sendBroadcast(try body.form(), confirmed: body.confirm ?? false, by: account),
                                 status: .created)
        }
        on(.get, "log") { request, _, account in
            try Self.json(try await desk.log(try APIQuery(request.uri.queryParameters).deliveryLog(), for: account))
        }
        on(.get, "replies") { request, _, account in
            try Self.json(try await desk.replies(for: account, unhandledOnly: try APIQuery(request.uri.queryParameters).bool("unhandled", default: true)))
        }
        on(.post, "replies/:id/handled") { _, context, account in
            try await desk.markReplyHandled(id: try context.parameters.require("id"), by: account)
            return Response(status: .noContent)
        }
        for (path, allowed) in methods {
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            let every: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .trace, .options, HTTPRequest.Method("QUERY")!]
            for method in every where !allowed.contains(method) {
                api.on(RouterPath(path), method: method) { _, _ in
                    var response = try Self.apiError(.methodNotAllowed, code: "API03", message: "Metode \(method.rawValue) tidak ada untuk alamat ini.",
                                                     remedy: "Pakai \(allow), seperti di openapi.yaml.")
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
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

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        absent = try container.decodeUnlessAbsent([String].self, forKey: .absent)
        excused = try container.decodeUnlessAbsent([String: String].self, forKey: .excused)
    }

    enum CodingKeys: String, CodingKey { case absent, excused }
}

struct MoveRequest: Decodable {
    let start: String?
    let place: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decodeUnlessAbsent(String.self, forKey: .start)
        place = try container.decodeUnlessAbsent(String.self, forKey: .place)
    }

    enum CodingKeys: String, CodingKey { case start, place }
}

struct BroadcastRequest: Decodable {
    let audience: String
    let text: String
    let at: String?
    let confirm: Bool?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        audience = try container.decode(String.self, forKey: .audience)
        text = try container.decode(String.self, forKey: .text)
        at = try container.decodeUnlessAbsent(String.self, forKey: .at)
        confirm = try container.decodeUnlessAbsent(Bool.self, forKey: .confirm)
    }

    enum CodingKeys: String, CodingKey { case audience, text, at, confirm }

    func form() throws -> FacilitatorDesk.BroadcastForm {
        guard APILocalTime.hasVisibleText(text) else { throw DeskError(.invalidForm("text tidak boleh kosong")) }
        guard text.unicodeScalars.count <= APILocalTime.maximumTextLength else {
            throw DeskError(.invalidForm("text paling panjang \(APILocalTime.maximumTextLength) karakter"))
        }
        return .init(audience: audience, text: text, at: try at.map { text throws(DeskError) in try APILocalTime.parse(text).instant(in: .wib) })
    }
}

extension KeyedDecodingContainer {
    /// An optional field: absent is nil, but `null` is refused as the wrong type (the spec gives
    /// every field a type, none of them null; silently reading null as absent hid mistakes).
    func decodeUnlessAbsent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        guard contains(key) else { return nil }
        return try decode(type, forKey: key)
    }
}
