/// `gateways.<name>` of `type: twilio`.
public struct TwilioSettings: GatewaySettings {
    /// `https://api.twilio.com`
    public var url: String
    public var accountSID: String
    /// The environment variable holding the auth token (which also signs Twilio's callbacks).
    public var tokenEnv: String
    /// A Twilio number, or none when `messaging_service_sid` is given.
    public var from: String?
    public var messagingServiceSID: String?

    enum CodingKeys: String, CodingKey {
        case url, accountSID = "account_sid", tokenEnv = "token_env", from, messagingServiceSID = "messaging_service_sid"
    }

    public init(url: String = "https://api.twilio.com", accountSID: String, tokenEnv: String, from: String? = nil,
                messagingServiceSID: String? = nil) {
        self.url = url
        self.accountSID = accountSID
        self.tokenEnv = tokenEnv
        self.from = from
        self.messagingServiceSID = messagingServiceSID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            url: try container.decodeIfPresent(String.self, forKey: .url) ?? "https://api.twilio.com",
            accountSID: try container.decode(String.self, forKey: .accountSID),
            tokenEnv: try container.decode(String.self, forKey: .tokenEnv),
            from: try container.decodeIfPresent(String.self, forKey: .from),
            messagingServiceSID: try container.decodeIfPresent(String.self, forKey: .messagingServiceSID))
    }
}
