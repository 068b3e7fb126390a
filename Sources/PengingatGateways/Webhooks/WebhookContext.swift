import PengingatCore

/// What a gateway kind's webhooks may use: the installation's callback secret, the public
/// address, the environment (where provider secrets are) and the configured gateways.
public struct WebhookContext: Sendable {
    /// The secret our callback URLs carry (`PENGINGAT_CALLBACK_SECRET`); empty refuses every call.
    public let callbackSecret: String
    /// The address providers were given for us (scheme, host and port as they see them).
    public let publicURL: String?
    public let environment: [String: String]
    public let gateways: [String: GatewayConfiguration]

    public init(callbackSecret: String, publicURL: String? = nil, environment: [String: String] = [:],
                gateways: [String: GatewayConfiguration] = [:]) {
        self.callbackSecret = callbackSecret
        self.publicURL = publicURL
        self.environment = environment
        self.gateways = gateways
    }

    /// The settings of every configured gateway of one kind, by name.
    public func settings<Settings: GatewaySettings>(_ type: Settings.Type) -> [Settings] {
        gateways.sorted { $0.key < $1.key }.compactMap { $0.value.settings as? Settings }
    }

    /// Whether `given` is the callback secret (never when none is set).
    public func isCallbackSecret(_ given: String?) -> Bool {
        guard !callbackSecret.isEmpty, let given else { return false }
        return ConstantTime.equals(given, callbackSecret)
    }
}
