extension FileGateway: GatewayKind {
    public static let type = "file"
    public static var needsTransport: Bool { false }

    public static func make(name: String, settings: FileGatewaySettings, context: GatewayContext) -> any Gateway {
        FileGateway(name: name, path: settings.path)
    }
}
