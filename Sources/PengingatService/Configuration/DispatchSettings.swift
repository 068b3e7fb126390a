/// The `dispatch` section: how messages leave the outbox.
public struct DispatchSettings: Sendable, Equatable, Decodable {
    /// Gateways to try in order, per channel (`sms`, `whatsapp`, `email`).
    public var channels: [String: [String]]
    /// Messages in flight at once per dispatcher process.
    public var concurrency: Int
    /// How long a claim lasts; renewed while a slow send is in flight.
    public var leaseSeconds: Double
    public var maxAttempts: Int
    public var backoffInitialSeconds: Double
    public var backoffMaxSeconds: Double
    /// An accepted message with no final report after this long becomes `unconfirmed`.
    public var reportTimeoutHours: Double
    /// Consecutive failures that open a gateway's circuit, and how long it stays open.
    public var breakerFailures: Int
    public var breakerCoolDownSeconds: Double
    /// How often an idle dispatcher looks for due messages.
    public var pollSeconds: Double
    /// Where the service listens for delivery reports, and the address gateways call.
    public var callbackListen: String?
    public var callbackPublicURL: String?
    /// The environment variable holding the secret that callbacks must carry.
    public var callbackSecretEnv: String

    public init(
        channels: [String: [String]] = ["sms": ["file"], "whatsapp": ["file"], "email": ["file"]], concurrency: Int = 64,
        leaseSeconds: Double = 120, maxAttempts: Int = 6, backoffInitialSeconds: Double = 30, backoffMaxSeconds: Double = 3600,
        reportTimeoutHours: Double = 48, breakerFailures: Int = 5, breakerCoolDownSeconds: Double = 60, pollSeconds: Double = 5,
        callbackListen: String? = nil, callbackPublicURL: String? = nil, callbackSecretEnv: String = "PENGINGAT_CALLBACK_SECRET"
    ) {
        self.channels = channels
        self.concurrency = concurrency
        self.leaseSeconds = leaseSeconds
        self.maxAttempts = maxAttempts
        self.backoffInitialSeconds = backoffInitialSeconds
        self.backoffMaxSeconds = backoffMaxSeconds
        self.reportTimeoutHours = reportTimeoutHours
        self.breakerFailures = breakerFailures
        self.breakerCoolDownSeconds = breakerCoolDownSeconds
        self.pollSeconds = pollSeconds
        self.callbackListen = callbackListen
        self.callbackPublicURL = callbackPublicURL
        self.callbackSecretEnv = callbackSecretEnv
    }

    enum CodingKeys: String, CodingKey {
        case channels, concurrency, leaseSeconds = "lease_seconds", maxAttempts = "max_attempts"
        case backoffInitialSeconds = "backoff_initial_seconds", backoffMaxSeconds = "backoff_max_seconds"
        case reportTimeoutHours = "report_timeout_hours", breakerFailures = "breaker_failures"
        case breakerCoolDownSeconds = "breaker_cool_down_seconds", pollSeconds = "poll_seconds"
        case callbackListen = "callback_listen", callbackPublicURL = "callback_public_url"
        case callbackSecretEnv = "callback_secret_env"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DispatchSettings()
        channels = try c.decodeIfPresent([String: [String]].self, forKey: .channels) ?? d.channels
        concurrency = try c.decodeIfPresent(Int.self, forKey: .concurrency) ?? d.concurrency
        leaseSeconds = try c.decodeIfPresent(Double.self, forKey: .leaseSeconds) ?? d.leaseSeconds
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? d.maxAttempts
        backoffInitialSeconds = try c.decodeIfPresent(Double.self, forKey: .backoffInitialSeconds) ?? d.backoffInitialSeconds
        backoffMaxSeconds = try c.decodeIfPresent(Double.self, forKey: .backoffMaxSeconds) ?? d.backoffMaxSeconds
        reportTimeoutHours = try c.decodeIfPresent(Double.self, forKey: .reportTimeoutHours) ?? d.reportTimeoutHours
        breakerFailures = try c.decodeIfPresent(Int.self, forKey: .breakerFailures) ?? d.breakerFailures
        breakerCoolDownSeconds = try c.decodeIfPresent(Double.self, forKey: .breakerCoolDownSeconds) ?? d.breakerCoolDownSeconds
        pollSeconds = try c.decodeIfPresent(Double.self, forKey: .pollSeconds) ?? d.pollSeconds
        callbackListen = try c.decodeIfPresent(String.self, forKey: .callbackListen)
        callbackPublicURL = try c.decodeIfPresent(String.self, forKey: .callbackPublicURL)
        callbackSecretEnv = try c.decodeIfPresent(String.self, forKey: .callbackSecretEnv) ?? d.callbackSecretEnv
    }
}
