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

    /// The URL up to its path (scheme, credentials, host and port): which connections a
    /// transfer can use, so `HostAdmission` counts it against that server's allowance.
    var connectionKey: String {
        switch payload {
        case .http(let request): Self.connectionKey(of: request.url)
        case .mail(let mail): Self.connectionKey(of: mail.url)
        }
    }

    static func connectionKey(of url: String) -> String {
        // By bytes, once per send on the curl thread: no URL parsing needed for a prefix.
        let bytes = url.utf8
        var authorityStart = bytes.startIndex
        var index = bytes.startIndex
        var previous: (UInt8, UInt8) = (0, 0)
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            if previous == (UInt8(ascii: ":"), UInt8(ascii: "/")), byte == UInt8(ascii: "/") {
                authorityStart = index
                break
            }
            previous = (previous.1, byte)
        }
        let end = bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        return String(url[..<(end ?? bytes.endIndex)])
    }

    /// Method and host only: what may be logged.
    var logLabel: (method: String, host: String) {
        switch payload {
        case .http(let request): (request.method.rawValue, request.host)
        case .mail(let mail): ("SMTP", mail.host)
        }
    }
}
