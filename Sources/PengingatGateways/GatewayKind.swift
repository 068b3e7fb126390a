import Foundation

/// One kind of gateway (`kannel`, `whatsapp`, …), self-contained in its folder: it reads its
/// own settings from the configuration, builds its adapter, and names the webhooks its
/// provider calls. Every kind is listed once, in `GatewayKinds.all`.
public protocol GatewayKind: Gateway {
    associatedtype Settings: GatewaySettings
    /// The `type` a configuration writes.
    static var type: String { get }
    /// SMS gateways get typography-mapped text; WhatsApp and e-mail get it as written.
    static var carriesSMS: Bool { get }
    /// Whether it sends over the network (through the shared libcurl transport).
    static var needsTransport: Bool { get }
    /// The adapter named `name`.
    static func make(name: String, settings: Settings, context: GatewayContext) throws(GatewaySettingsError) -> any Gateway
    /// The routes this kind's provider calls, under `/webhooks/<type>`.
    static func webhooks(_ context: WebhookContext) -> [WebhookRoute]
}

extension GatewayKind {
    public static var carriesSMS: Bool { true }
    public static var needsTransport: Bool { true }
    public static func webhooks(_ context: WebhookContext) -> [WebhookRoute] { [] }
}

/// The erased operations on a kind that only the configuration knows (`any GatewayKind.Type`);
/// generic so that the kind is opened, not called through its existential.
public enum AnyGatewayKind {
    public static func decodeSettings<Kind: GatewayKind>(_ kind: Kind.Type, from decoder: any Decoder) throws -> any GatewaySettings {
        try Kind.Settings(from: decoder)
    }

    public static func make<Kind: GatewayKind>(
        _ kind: Kind.Type, name: String, settings: any GatewaySettings, context: GatewayContext
    ) throws(GatewaySettingsError) -> any Gateway {
        guard let settings = settings as? Kind.Settings else {
            throw GatewaySettingsError(field: "type", message: "pengaturan bukan untuk jenis \(Kind.type)")
        }
        return try Kind.make(name: name, settings: settings, context: context)
    }
}

/// A gateway's own part of its `gateways.<name>` entry, decoded by the gateway itself. Secrets
/// are never here: only the names of the environment variables that hold them (`*_env`).
public protocol GatewaySettings: Sendable, Decodable, Equatable {}

extension GatewaySettings {
    func isEqual(to other: any GatewaySettings) -> Bool { (other as? Self) == self }
}

/// A gateway's settings cannot be used: `field` is the key under `gateways.<name>`.
public struct GatewaySettingsError: Error, Equatable {
    public let field: String
    /// In Bahasa Indonesia, for the operator who edits the configuration.
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

extension GatewaySettingsError {
    /// A required text setting that is present but empty.
    public static func nonEmpty(_ value: String, _ field: String, type: String) throws(GatewaySettingsError) -> String {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw GatewaySettingsError(field: field, message: "wajib diisi untuk jenis \(type)")
        }
        return value
    }
}
