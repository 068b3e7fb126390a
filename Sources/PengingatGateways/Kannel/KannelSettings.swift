/// `gateways.<name>` of `type: kannel`.
public struct KannelSettings: GatewaySettings {
    /// `http://host:13013/cgi-bin/sendsms`
    public var url: String
    public var username: String
    /// The environment variable holding the sendsms password.
    public var passwordEnv: String
    /// Sender shown on the phone; Kannel's default sender when absent.
    public var from: String?
    /// Kannel `smsc-id` to route through, if the installation has several.
    public var smscID: String?

    enum CodingKeys: String, CodingKey {
        case url, username, passwordEnv = "password_env", from, smscID = "smsc_id"
    }

    public init(url: String, username: String, passwordEnv: String, from: String? = nil, smscID: String? = nil) {
        self.url = url
        self.username = username
        self.passwordEnv = passwordEnv
        self.from = from
        self.smscID = smscID
    }
}
