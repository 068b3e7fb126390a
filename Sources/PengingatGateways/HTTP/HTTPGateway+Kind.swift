extension HTTPGateway: GatewayKind {
    public static let type = "http"

    public static func make(name: String, settings: HTTPGatewaySettings, context: GatewayContext) throws(GatewaySettingsError) -> any Gateway {
        let status = settings.successStatus
        guard status.count == 2, status[0] <= status[1] else {
            throw GatewaySettingsError(field: "success_status", message: "tulis [dari, sampai], misalnya [200, 299]")
        }
        guard let method = HTTPRequest.Method(rawValue: settings.method.uppercased()) else {
            throw GatewaySettingsError(field: "method", message: "GET, POST atau PUT")
        }
        var auth: (user: String, password: String)?
        if let user = settings.username {
            guard let variable = settings.passwordEnv else {
                throw GatewaySettingsError(field: "password_env", message: "wajib diisi bila username diisi")
            }
            auth = (user, try context.secret(named: variable, field: "password_env"))
        }
        return HTTPGateway(name: name, configuration: .init(
            method: method, url: try GatewaySettingsError.nonEmpty(settings.url, "url", type: type),
            headers: settings.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            body: settings.body, successStatus: status[0]...status[1], successPattern: settings.successPattern,
            successField: settings.successField, successValue: settings.successValue,
            messageIDField: settings.messageIDField, basicAuth: auth), transport: try context.transport())
    }
}
