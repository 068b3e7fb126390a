extension TwilioGateway: GatewayKind {
    public static let type = "twilio"

    public static func make(name: String, settings: TwilioSettings, context: GatewayContext) throws(GatewaySettingsError) -> any Gateway {
        TwilioGateway(name: name, configuration: .init(
            baseURL: settings.url, accountSID: try GatewaySettingsError.nonEmpty(settings.accountSID, "account_sid", type: type),
            authToken: try context.secret(named: settings.tokenEnv, field: "token_env"), from: settings.from,
            messagingServiceSID: settings.messagingServiceSID, statusCallbackURL: context.callbackURL("/" + TwilioWebhooks.path),
            callbackSecret: context.callbackSecret),
            transport: try context.transport())
    }

    public static func webhooks(_ context: WebhookContext) -> [WebhookRoute] { TwilioWebhooks(context: context).routes }
}
