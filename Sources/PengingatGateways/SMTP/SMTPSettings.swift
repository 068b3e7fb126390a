/// `gateways.<name>` of `type: smtp`: e-mail for facilitators' digests.
public struct SMTPSettings: GatewaySettings {
    /// `smtp://mail.example.id:587` or `smtps://…:465`
    public var url: String
    public var from: String
    public var username: String?
    /// The environment variable holding the password.
    public var passwordEnv: String?
    /// Require STARTTLS on an `smtp://` URL.
    public var startTLS: Bool

    enum CodingKeys: String, CodingKey {
        case url, from, username, passwordEnv = "password_env", startTLS = "starttls"
    }

    public init(url: String, from: String, username: String? = nil, passwordEnv: String? = nil, startTLS: Bool = true) {
        self.url = url
        self.from = from
        self.username = username
        self.passwordEnv = passwordEnv
        self.startTLS = startTLS
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            url: try container.decode(String.self, forKey: .url), from: try container.decode(String.self, forKey: .from),
            username: try container.decodeIfPresent(String.self, forKey: .username),
            passwordEnv: try container.decodeIfPresent(String.self, forKey: .passwordEnv),
            startTLS: try container.decodeIfPresent(Bool.self, forKey: .startTLS) ?? true)
    }
}
