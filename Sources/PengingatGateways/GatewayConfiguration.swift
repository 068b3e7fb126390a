import Foundation

/// One entry of the configuration's `gateways` section: the keys every gateway has (`type`,
/// `rate_per_second`, `timeout_seconds`, `ca_path`), and the rest decoded by the kind `type` names.
public struct GatewayConfiguration: Sendable, Decodable, Equatable {
    public let type: String
    /// Messages per second at most (0: no limit).
    public var ratePerSecond: Double
    /// One send's limit, instead of the transport's.
    public var timeoutSeconds: Double?
    /// A PEM file of certificates to trust instead of the system's. The gateways share one
    /// transport, so every gateway that names one must name the same.
    public var caPath: String?
    public let settings: any GatewaySettings

    enum CodingKeys: String, CodingKey {
        case type, ratePerSecond = "rate_per_second", timeoutSeconds = "timeout_seconds", caPath = "ca_path"
    }

    public init<Kind: GatewayKind>(_ kind: Kind.Type, _ settings: Kind.Settings, ratePerSecond: Double = 0,
                                   timeoutSeconds: Double? = nil) {
        self.type = kind.type
        self.settings = settings
        self.ratePerSecond = ratePerSecond
        self.timeoutSeconds = timeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        ratePerSecond = try container.decodeIfPresent(Double.self, forKey: .ratePerSecond) ?? 0
        timeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .timeoutSeconds)
        caPath = try container.decodeIfPresent(String.self, forKey: .caPath)
        guard let kind = GatewayKinds.kind(ofType: type) else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "jenis \(type) tidak dikenal; pilihan: \(GatewayKinds.all.map { $0.type }.joined(separator: ", "))")
        }
        settings = try AnyGatewayKind.decodeSettings(kind, from: decoder)
    }

    public var kind: any GatewayKind.Type { GatewayKinds.kind(ofType: type)! }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.type == rhs.type && lhs.ratePerSecond == rhs.ratePerSecond && lhs.timeoutSeconds == rhs.timeoutSeconds
            && lhs.caPath == rhs.caPath
            && lhs.settings.isEqual(to: rhs.settings)
    }
}
