/// `gateways.<name>` of `type: http`: any aggregator, described by templates and a success rule.
public struct HTTPGatewaySettings: GatewaySettings {
    public var url: String
    /// GET, POST or PUT.
    public var method: String
    public var headers: [String: String]
    public var body: String?
    /// `[from, to]`: statuses that mean the provider took the message.
    public var successStatus: [Int]
    public var successPattern: String?
    public var successField: String?
    public var successValue: String?
    public var messageIDField: String?
    /// Basic authentication: the user, and the environment variable holding the password.
    public var username: String?
    public var passwordEnv: String?

    enum CodingKeys: String, CodingKey {
        case url, method, headers, body, successStatus = "success_status", successPattern = "success_pattern"
        case successField = "success_field", successValue = "success_value", messageIDField = "message_id_field"
        case username, passwordEnv = "password_env"
    }

    public init(url: String, method: String = "POST", headers: [String: String] = [:], body: String? = nil,
                successStatus: [Int] = [200, 299], successPattern: String? = nil, successField: String? = nil,
                successValue: String? = nil, messageIDField: String? = nil, username: String? = nil, passwordEnv: String? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.successStatus = successStatus
        self.successPattern = successPattern
        self.successField = successField
        self.successValue = successValue
        self.messageIDField = messageIDField
        self.username = username
        self.passwordEnv = passwordEnv
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            url: try container.decode(String.self, forKey: .url),
            method: try container.decodeIfPresent(String.self, forKey: .method) ?? "POST",
            headers: try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:],
            body: try container.decodeIfPresent(String.self, forKey: .body),
            successStatus: try container.decodeIfPresent([Int].self, forKey: .successStatus) ?? [200, 299],
            successPattern: try container.decodeIfPresent(String.self, forKey: .successPattern),
            successField: try container.decodeIfPresent(String.self, forKey: .successField),
            successValue: try container.decodeIfPresent(String.self, forKey: .successValue),
            messageIDField: try container.decodeIfPresent(String.self, forKey: .messageIDField),
            username: try container.decodeIfPresent(String.self, forKey: .username),
            passwordEnv: try container.decodeIfPresent(String.self, forKey: .passwordEnv))
    }
}
