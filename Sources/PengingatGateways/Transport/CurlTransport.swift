import CCurl
import Foundation
import Logging

/// HTTP and SMTP over libcurl's multi interface, for every gateway.
///
/// One dedicated thread owns one CURLM handle and drives every transfer with
/// `curl_multi_perform` and `curl_multi_poll`; callers never block a thread of Swift's
/// cooperative pool: `send` queues the request, wakes the curl thread with
/// `curl_multi_wakeup` and suspends on a continuation, which the curl thread resumes when
/// the transfer ends. Any number of requests may be in flight; curl keeps at most
/// `maxConnectionsPerHost` connections per host and reuses them (the multi handle's
/// connection cache; easy handles are pooled and reset between transfers). A host's
/// connections open in waves (`HostAdmission`): eight at first, then one more for each new
/// connection that answered; requests beyond a host's allowance wait on the curl thread.
///
/// - Cancellation: when the calling task is cancelled, the transfer is removed from the
///   multi handle (its connection is closed if the answer was under way) and `send`
///   throws `CurlError.cancelled` (`isCancelled`); it does not throw `CancellationError`,
///   because `send` throws only `CurlError`. Cancelled before it was sent, the request
///   never leaves.
/// - `shutdown()` fails queued and in-flight transfers with `CurlError.shutDown`, stops
///   the thread and frees every handle; later sends fail at once with the same error.
///   Dropping the last reference shuts the transport down too.
/// - Logging: at debug level, one line per transfer with the method, the host and the
///   status or curl code; never the path, the query string, headers or bodies (gateway
///   URLs carry passwords and phone numbers).
/// - Proxies: curl's own reading of `http_proxy`, `https_proxy` and `no_proxy` is left on.
public final class CurlTransport: Sendable {
    public let configuration: CurlTransportConfiguration
    let core: CurlTransportCore

    /// `curl_global_init` once per process, before the first handle (a static let is
    /// initialised exactly once, thread-safely).
    private static let globalInit: Int32 = Int32(bitPattern: curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

    /// Starts the curl thread. `logger` is used as given: a library never sets up logging.
    /// Throws when curl cannot make its multi handle (out of memory).
    public init(configuration: CurlTransportConfiguration = CurlTransportConfiguration(), logger: Logger) throws(CurlError) {
        if Self.globalInit != CurlError.raw(CURLE_OK) {
            logger.error("curl_global_init failed", metadata: ["curl.code": "\(Self.globalInit)"])
        }
        self.configuration = configuration
        let core = try CurlTransportCore(configuration: configuration, logger: logger)
        self.core = core
        // The thread holds the core, not this object, so `deinit` can run while it lives.
        let thread = Thread { CurlMultiLoop(core: core).run() }
        thread.name = "pengingat-curl"
        thread.start()
    }

    deinit {
        core.shutdown()
    }

    /// Sends one HTTP request. Every HTTP status is an answer; a `CurlError` means there
    /// was none (timeout, connection or TLS failure, cancellation, shutdown).
    public func send(_ request: HTTPRequest) async throws(CurlError) -> HTTPResponse {
        let outcome = try await perform(.http(request))
        return HTTPResponse(
            status: outcome.status, headers: outcome.headers, body: outcome.body, totalTime: outcome.totalTime,
            reusedConnection: outcome.reusedConnection)
    }

    /// Sends one e-mail. A refusal by the server (a 5xx reply to MAIL FROM, RCPT TO or the
    /// data) is a `CurlError` (`CURLE_SEND_ERROR` or `CURLE_LOGIN_DENIED`, with the
    /// server's words in `message`).
    public func send(_ mail: MailRequest) async throws(CurlError) -> MailResponse {
        let outcome = try await perform(.mail(mail))
        return MailResponse(code: outcome.status, totalTime: outcome.totalTime)
    }

    /// Requests held back until their host allows another connection (tests and diagnostics).
    var waitingForConnection: Int { core.waitingForConnection }

    /// Fails queued and in-flight transfers with `CurlError.shutDown`, stops the curl
    /// thread and frees its handles; returns once the thread has done so (a few
    /// milliseconds). Idempotent.
    public func shutdown() {
        core.shutdown()
    }

    private func perform(_ payload: CurlSubmission.Payload) async throws(CurlError) -> CurlSubmission.Outcome {
        let core = self.core
        let id = core.makeID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                core.submit(CurlSubmission(id: id, payload: payload, continuation: continuation))
            }
        } onCancel: {
            core.cancel(id)
        }
        return try result.get()
    }
}
