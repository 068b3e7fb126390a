extension WhatsAppGateway: GatewayKind {
    public static let type = "whatsapp"
    public static var carriesSMS: Bool { false }

    public static func make(name: String, settings: WhatsAppSettings, context: GatewayContext) throws(GatewaySettingsError) -> any Gateway {
        WhatsAppGateway(name: name, configuration: .init(
            baseURL: settings.url, apiVersion: settings.apiVersion,
            phoneNumberID: try GatewaySettingsError.nonEmpty(settings.phoneNumberID, "phone_number_id", type: type),
            accessToken: try context.secret(named: settings.tokenEnv, field: "token_env")),
            transport: try context.transport())
    }

    public static func webhooks(_ context: WebhookContext) -> [WebhookRoute] { WhatsAppWebhooks(context: context).routes }
}
