import Foundation

/// How `CurlTransport` connects. Every setting has a default:
/// `CurlTransportConfiguration()` is right for the public gateways.
///
/// Proxies: libcurl reads `http_proxy`, `https_proxy` (or `HTTPS_PROXY`), `all_proxy` and
/// `no_proxy` from the environment, and the transport leaves that on (it never sets
/// `CURLOPT_PROXY`/`CURLOPT_NOPROXY`). Note that curl ignores upper-case `HTTP_PROXY`
/// (a CGI hazard); set the lower-case one.
public struct CurlTransportConfiguration: Sendable {
    /// Seconds to set up a connection (TCP and TLS), `CURLOPT_CONNECTTIMEOUT_MS`.
    public var connectTimeout: TimeInterval
    /// Seconds for a whole transfer unless the request says otherwise, `CURLOPT_TIMEOUT_MS`.
    /// It includes time spent waiting for a free connection when the limits below are reached.
    /// Zero (here or in a request) means no limit, as in curl.
    public var totalTimeout: TimeInterval
    /// Connections open to one host at once, `CURLMOPT_MAX_HOST_CONNECTIONS`; further
    /// transfers to that host wait for one to become free. Below it, a host's connections
    /// open in waves (eight, then one more for each new one that answered).
    public var maxConnectionsPerHost: Int
    /// Seconds a host may stay without transfers before its connections open in waves again
    /// from eight (`HostAdmission`): servers close idle keep-alive connections, Apache after 5 s.
    public var connectionRampIdleReset: TimeInterval
    /// Connections open at once, `CURLMOPT_MAX_TOTAL_CONNECTIONS`; also the size of the
    /// cache of idle connections kept for reuse (`CURLMOPT_MAXCONNECTS`).
    public var maxTotalConnections: Int
    /// Check the server's certificate and name (`CURLOPT_SSL_VERIFYPEER`/`VERIFYHOST`).
    /// Turn off only for a gateway on a private network with a self-made certificate,
    /// and rather give its certificate as `caPath`.
    public var verifyTLS: Bool
    /// A PEM file of certificates to trust instead of the system's (`CURLOPT_CAINFO`).
    public var caPath: String?
    /// `User-Agent` of every HTTP request (a request's own header replaces it).
    public var userAgent: String

    public init(
        connectTimeout: TimeInterval = 5,
        totalTimeout: TimeInterval = 30,
        maxConnectionsPerHost: Int = 32,
        maxTotalConnections: Int = 64,
        connectionRampIdleReset: TimeInterval = 5,
        verifyTLS: Bool = true,
        caPath: String? = nil,
        userAgent: String = "Pengingat/0.1"
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
        self.connectionRampIdleReset = connectionRampIdleReset
        self.verifyTLS = verifyTLS
        self.caPath = caPath
        self.userAgent = userAgent
    }

    /// For a dispatcher that sends at most `concurrency` requests at once (its send permits):
    /// that many connections to one host, so `dispatch.concurrency` means what it says and a
    /// request the dispatcher lets go is not queued again inside curl behind a lower limit
    /// (with the default 32 per host, half of the default 64 waited there). The idle-connection
    /// cache stays at least the default's 64.
    public init(dispatchConcurrency concurrency: Int, caPath: String? = nil) {
        self.init(maxConnectionsPerHost: max(1, concurrency), maxTotalConnections: max(64, concurrency), caPath: caPath)
    }
}
