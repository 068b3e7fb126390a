import Foundation

/// One caller's transfer on its way to the curl thread, with the continuation that
/// carries the outcome back. Every part is a value, so it crosses threads as it is; the
/// curl thread builds its own non-shared `CurlTransfer` from it.
struct CurlSubmission: Sendable {
    enum Payload: Sendable {
        case http(HTTPRequest)
        case mail(MailRequest)
    }

    /// What curl reports about a finished transfer; `CurlTransport` turns it into an
    /// `HTTPResponse` or a `MailResponse`.
    struct Outcome: Sendable {
        /// HTTP status or SMTP reply code (`CURLINFO_RESPONSE_CODE`).
        var status: Int
        var headers: [(name: String, value: String)]
        var body: Data
        var totalTime: TimeInterval
        var reusedConnection: Bool
    }

    typealias Continuation = CheckedContinuation<Result<Outcome, CurlError>, Never>

    let id: UInt64
    let payload: Payload
    let continuation: Continuation

    /// Method and host only: what may be logged.
    var logLabel: (method: String, host: String) {
        switch payload {
        case .http(let request): (request.method.rawValue, request.host)
        case .mail(let mail): ("SMTP", mail.host)
        }
    }
}
