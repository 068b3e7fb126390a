/// `gateways.<name>` of `type: whatsapp` (WhatsApp Business Cloud API).
public struct WhatsAppSettings: GatewaySettings {
    /// `https://graph.facebook.com`
    public var url: String
    /// `v20.0`
    public var apiVersion: String
    public var phoneNumberID: String
    /// The environment variable holding the access token.
    public var tokenEnv: String
    /// The environment variables holding the webhook's verify token and the app secret that
    /// signs its calls.
    public var verifyTokenEnv: String
    public var appSecretEnv: String

    public static let defaultVerifyTokenEnv = "PENGINGAT_WHATSAPP_VERIFY_TOKEN"
    public static let defaultAppSecretEnv = "PENGINGAT_WHATSAPP_APP_SECRET"

    enum CodingKeys: String, CodingKey {
        case url, apiVersion = "api_version", phoneNumberID = "phone_number_id", tokenEnv = "token_env"
        case verifyTokenEnv = "verify_token_env", appSecretEnv = "app_secret_env"
    }

    public init(url: String = "https://graph.facebook.com", apiVersion: String = "v20.0", phoneNumberID: String,
                tokenEnv: String, verifyTokenEnv: String = Self.defaultVerifyTokenEnv,
                appSecretEnv: String = Self.defaultAppSecretEnv) {
        self.url = url
        self.apiVersion = apiVersion
        self.phoneNumberID = phoneNumberID
        self.tokenEnv = tokenEnv
        self.verifyTokenEnv = verifyTokenEnv
        self.appSecretEnv = appSecretEnv
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            url: try container.decodeIfPresent(String.self, forKey: .url) ?? "https://graph.facebook.com",
            apiVersion: try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? "v20.0",
            phoneNumberID: try container.decode(String.self, forKey: .phoneNumberID),
            tokenEnv: try container.decode(String.self, forKey: .tokenEnv),
            verifyTokenEnv: try container.decodeIfPresent(String.self, forKey: .verifyTokenEnv) ?? Self.defaultVerifyTokenEnv,
            appSecretEnv: try container.decodeIfPresent(String.self, forKey: .appSecretEnv) ?? Self.defaultAppSecretEnv)
    }
}
