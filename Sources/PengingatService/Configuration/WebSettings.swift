/// The `web` section: `pengingat serve`, its pages and its API.
public struct WebSettings: Sendable, Equatable, Decodable {
    /// `host:port` to listen on.
    public var listen: String
    /// The address people and gateways use (`https://pengingat.dinsos.example.go.id`): with
    /// https the session cookie is `Secure`; Twilio signs its callbacks over this address.
    public var publicURL: String?
    /// The page templates (`Templates/web/*.mustache`).
    public var templatesDirectory: String
    /// A session ends after this many hours without a visit.
    public var sessionHours: Double
    /// Failed logins allowed per address and login name within `loginWindowMinutes`.
    public var loginAttempts: Int
    public var loginWindowMinutes: Double
    /// The planner runs at start and then every this many minutes, for `planDays` days ahead.
    public var planEveryMinutes: Double
    public var planDays: Int
    /// bcrypt's cost for new passwords (each step doubles the work).
    public var passwordCost: Int

    public init(listen: String = "127.0.0.1:8080", publicURL: String? = nil, templatesDirectory: String = "Templates/web",
                sessionHours: Double = 12, loginAttempts: Int = 5, loginWindowMinutes: Double = 15,
                planEveryMinutes: Double = 60, planDays: Int = 7, passwordCost: Int = 12) {
        self.listen = listen
        self.publicURL = publicURL
        self.templatesDirectory = templatesDirectory
        self.sessionHours = sessionHours
        self.loginAttempts = loginAttempts
        self.loginWindowMinutes = loginWindowMinutes
        self.planEveryMinutes = planEveryMinutes
        self.planDays = planDays
        self.passwordCost = passwordCost
    }

    enum CodingKeys: String, CodingKey {
        case listen, publicURL = "public_url", templatesDirectory = "templates", sessionHours = "session_hours"
        case loginAttempts = "login_attempts", loginWindowMinutes = "login_window_minutes"
        case planEveryMinutes = "plan_every_minutes", planDays = "plan_days", passwordCost = "password_cost"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WebSettings()
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? d.listen
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL)
        templatesDirectory = try c.decodeIfPresent(String.self, forKey: .templatesDirectory) ?? d.templatesDirectory
        sessionHours = try c.decodeIfPresent(Double.self, forKey: .sessionHours) ?? d.sessionHours
        loginAttempts = try c.decodeIfPresent(Int.self, forKey: .loginAttempts) ?? d.loginAttempts
        loginWindowMinutes = try c.decodeIfPresent(Double.self, forKey: .loginWindowMinutes) ?? d.loginWindowMinutes
        planEveryMinutes = try c.decodeIfPresent(Double.self, forKey: .planEveryMinutes) ?? d.planEveryMinutes
        planDays = try c.decodeIfPresent(Int.self, forKey: .planDays) ?? d.planDays
        passwordCost = try c.decodeIfPresent(Int.self, forKey: .passwordCost) ?? d.passwordCost
    }

    /// Whether cookies must only travel over TLS.
    public var isBehindTLS: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }
}
