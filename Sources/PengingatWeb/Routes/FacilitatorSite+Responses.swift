import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PengingatCore
import PengingatService
import PengingatStore

extension FacilitatorSite {
    static let sessionCookie = "pengingat_sesi"
    static let loginCSRFCookie = "pengingat_csrf"

    /// The account and session a page request's cookie names, if it is still signed in.
    func signedIn(_ request: Request) async throws -> (Account, WebSession)? {
        guard let token = request.cookies[Self.sessionCookie]?.value,
              let session = try await sessions.session(token: token, now: now()),
              let account = try await store.account(id: session.accountID), account.active
        else { return nil }
        return (account, session)
    }

    func chrome(_ account: Account?, _ session: WebSession?, section: String = "") -> PageRenderer.Chrome {
        PageRenderer.Chrome(viewer: account?.displayName, isAdmin: account?.role == .admin, csrf: session?.csrfToken, section: section)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A file to save (a report's CSV or XLSX), never kept by a shared cache.
    static func download(_ data: Data, type: String, file: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store",
                                        .contentDisposition: "attachment; filename=\"\(file)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `Set-Cookie` for a session or login token: never readable by scripts, sent on top-level
    /// navigation only, and only over TLS when the service is reached over https.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=\(maxAge)"]
        if configuration.secureCookies { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// "2026-12-10 13:30" or "2026-12-10T13:30" (a browser's datetime-local field), wall time.
    static func localDateTime(_ text: String) -> LocalDateTime? {
        let parts = text.trimmingWhitespace().replacingOccurrences(of: "T", with: " ").split(separator: " ")
        guard parts.count == 2, let date = CalendarDate(iso: String(parts[0])), let time = TimeOfDay(text: String(parts[1])) else {
            return nil
        }
        return LocalDateTime(date: date, time: time)
    }

    /// An error a facilitator reads: code, what and what to do, in Bahasa Indonesia.
    /// Its remedy is the one for `reader`: pages and the API never name a command-line flag.
    static func explained(_ error: any Error, for reader: ErrorReader)
        -> (status: HTTPResponse.Status, code: String, message: String, remedy: String)? {
        if let desk = error as? DeskError {
            return (.init(code: desk.status), desk.code, desk.explanation, desk.remedy(for: reader))
        }
        if let explained = error as? any ExplainedError {
            return (status(of: explained), explained.code, explained.explanation, explained.remedy(for: reader))
        }
        return nil
    }

    /// What an error of the services means in HTTP: something named that is not there is 404;
    /// a well-formed request that cannot be done as things stand (nobody to send to, a
    /// confirmation needed, a meeting already cancelled) is 409; the rest is the request's fault, 400.
    static func status(of error: any ExplainedError) -> HTTPResponse.Status {
        switch error {
        case let error as BroadcastError:
            switch error.reason {
            case .unknownGroup, .unknownFacilitator, .unknownBroadcast: .notFound
            case .noRecipients, .confirmationNeeded, .alreadyCancelled: .conflict
            default: .badRequest
            }
        case let error as AttendanceError:
            switch error.reason {
            case .unknownMeeting, .notAMember, .noMeetingOnDate: .notFound
            default: .badRequest
            }
        case let error as ReportError:
            switch error.reason {
            case .unknownGroup, .unknownFacilitator: .notFound
            default: .badRequest
            }
        case let error as ReplyError:
            error.reason == .emptyText ? .badRequest : .notFound
        case let error as VerificationError:
            switch error.reason {
            case .unknownGroup, .notAMember, .unknownMember, .unknownHousehold: .notFound
            case .futureMonth: .conflict
            default: .badRequest
            }
        default:
            .badRequest
        }
    }
}
