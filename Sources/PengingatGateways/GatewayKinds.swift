/// Every kind of gateway, once: the configuration's `type` is looked up here, and the web
/// module mounts the webhooks of each.
public enum GatewayKinds {
    public static let all: [any GatewayKind.Type] = [
        FileGateway.self, KannelGateway.self, WhatsAppGateway.self, HTTPGateway.self, TwilioGateway.self, SMTPGateway.self,
    ]

    public static func kind(ofType type: String) -> (any GatewayKind.Type)? {
        all.first { $0.type == type }
    }

    /// Every kind's webhook routes.
    public static func webhooks(_ context: WebhookContext) -> [WebhookRoute] {
        all.flatMap { $0.webhooks(context) }
    }
}
