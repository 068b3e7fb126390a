extension KannelGateway: GatewayKind {
    public static let type = "kannel"

    public static func make(name: String, settings: KannelSettings, context: GatewayContext) throws(GatewaySettingsError) -> any Gateway {
        KannelGateway(name: name, configuration: .init(
            sendsmsURL: try GatewaySettingsError.nonEmpty(settings.url, "url", type: type),
            username: try GatewaySettingsError.nonEmpty(settings.username, "username", type: type),
            password: try context.secret(named: settings.passwordEnv, field: "password_env"), from: settings.from,
            reportURL: context.callbackURL("/" + KannelWebhooks.reportPath), reportSecret: context.callbackSecret,
            smscID: settings.smscID),
            transport: try context.transport())
    }

    public static func webhooks(_ context: WebhookContext) -> [WebhookRoute] { KannelWebhooks(context: context).routes }
}
