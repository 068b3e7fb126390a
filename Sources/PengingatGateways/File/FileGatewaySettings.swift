/// `gateways.<name>` of `type: file`: the embedded default.
public struct FileGatewaySettings: GatewaySettings {
    /// The JSON-lines file messages are appended to.
    public var path: String

    public init(path: String = "var/outbox.jsonl") { self.path = path }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decodeIfPresent(String.self, forKey: .path) ?? "var/outbox.jsonl"
    }

    enum CodingKeys: String, CodingKey { case path }
}
