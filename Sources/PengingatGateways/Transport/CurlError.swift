import CCurl

/// Why a transfer through `CurlTransport` did not produce an answer.
///
/// An HTTP answer of any status (including 4xx and 5xx) is not an error: it is an
/// `HTTPResponse`. A `CurlError` means there was no usable answer: curl failed (`kind ==
/// .curl`, with curl's `CURLcode` in `code`), the caller's task was cancelled, or the
/// transport was shut down.
public struct CurlError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// curl reported `code`.
        case curl
        /// The caller's task was cancelled; the transfer was removed from curl.
        case cancelled
        /// `CurlTransport.shutdown()` ran before the transfer finished (or started).
        case shutDown
    }

    public let kind: Kind
    /// The raw `CURLcode`. For `.cancelled` and `.shutDown` it is
    /// `CURLE_ABORTED_BY_CALLBACK` (42): the application stopped the transfer.
    public let code: Int32
    /// curl's text for the code (`curl_easy_strerror`), followed by the detail curl wrote
    /// to the handle's error buffer when there is one. Never contains the URL's query.
    public let message: String

    public init(kind: Kind, code: Int32, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// An error from curl's code, with its standard text and an optional detail.
    public init(code: Int32, detail: String? = nil) {
        let standard = String(cString: curl_easy_strerror(CURLcode(rawValue: UInt32(bitPattern: code))))
        var message = standard
        if let detail, !detail.isEmpty, detail != standard {
            message += ": " + detail
        }
        self.init(kind: .curl, code: code, message: message)
    }

    /// The error every queued and in-flight transfer gets when the transport shuts down.
    public static let shutDown = CurlError(
        kind: .shutDown, code: CurlError.raw(CURLE_ABORTED_BY_CALLBACK), message: "transport shut down")

    /// The error a cancelled caller gets (`send` throws only `CurlError`, so cancellation
    /// is reported this way rather than as `CancellationError`).
    public static let cancelled = CurlError(
        kind: .cancelled, code: CurlError.raw(CURLE_ABORTED_BY_CALLBACK), message: "cancelled")

    /// The total (or connect) timeout ran out: `CURLE_OPERATION_TIMEDOUT` (28).
    public var isTimeout: Bool {
        kind == .curl && code == Self.raw(CURLE_OPERATION_TIMEDOUT)
    }

    /// No connection, or the connection broke before a complete answer: the request may
    /// or may not have reached the server.
    public var isConnectionFailure: Bool {
        kind == .curl && Self.connectionFailures.contains(code)
    }

    /// TLS could not be set up or the peer's certificate was not accepted.
    public var isTLSFailure: Bool {
        kind == .curl && Self.tlsFailures.contains(code)
    }

    public var isCancelled: Bool { kind == .cancelled }
    public var isShutDown: Bool { kind == .shutDown }

    public var description: String {
        switch kind {
        case .curl: "curl error \(code): \(message)"
        case .cancelled: "cancelled"
        case .shutDown: "transport shut down"
        }
    }

    static func raw(_ code: CURLcode) -> Int32 { Int32(bitPattern: code.rawValue) }

    private static let connectionFailures: Set<Int32> = Set(
        [
            CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
        ].map(raw))

    private static let tlsFailures: Set<Int32> = Set(
        [
            CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_USE_SSL_FAILED,
        ].map(raw))
}
