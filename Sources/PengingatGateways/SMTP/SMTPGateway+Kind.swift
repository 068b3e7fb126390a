extension SMTPGateway: GatewayKind {
    public static let type = "smtp"
    public static var carriesSMS: Bool { false }

    public static func make(name: String, settings: SMTPSettings, context: GatewayContext) throws(GatewaySettingsError) -> any Gateway {
        SMTPGateway(name: name, configuration: .init(
            url: try GatewaySettingsError.nonEmpty(settings.url, "url", type: type),
            from: try GatewaySettingsError.nonEmpty(settings.from, "from", type: type), username: settings.username,
            password: try settings.passwordEnv.map { variable throws(GatewaySettingsError) in
                try context.secret(named: variable, field: "password_env")
            },
            startTLS: settings.startTLS), transport: try context.transport())
    }
}
