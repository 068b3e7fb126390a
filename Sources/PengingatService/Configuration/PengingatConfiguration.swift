import PengingatGateways
import PengingatTemplates

/// Everything an operator sets in `Config/pengingat.yaml`. Secrets never live here: they come
/// from environment variables. Every field has a default, so an empty file (or none) works.
public struct PengingatConfiguration: Sendable, Equatable, Decodable {
    public var templates: TemplateSettings
    /// Message kind → its approved WhatsApp template.
    public var whatsAppTemplates: [String: WhatsAppTemplate]
    public var planner: PlannerSettings
    public var reminders: ReminderSettings
    public var dispatch: DispatchSettings
    public var gateways: [String: GatewayConfiguration]
    public var broadcasts: BroadcastSettings
    public var digest: DigestSettings
    public var replies: ReplySettings
    public var web: WebSettings
    public var retention: RetentionSettings

    public init(
        templates: TemplateSettings = TemplateSettings(), whatsAppTemplates: [String: WhatsAppTemplate] = [:],
        planner: PlannerSettings = PlannerSettings(), reminders: ReminderSettings = .standard,
        dispatch: DispatchSettings = DispatchSettings(),
        gateways: [String: GatewayConfiguration] = ["file": GatewayConfiguration(FileGateway.self, FileGatewaySettings())],
        broadcasts: BroadcastSettings = BroadcastSettings(), digest: DigestSettings = DigestSettings(),
        replies: ReplySettings = ReplySettings(), web: WebSettings = WebSettings(),
        retention: RetentionSettings = RetentionSettings()
    ) {
        self.web = web
        self.retention = retention
        self.templates = templates
        self.whatsAppTemplates = whatsAppTemplates
        self.planner = planner
        self.reminders = reminders
        self.dispatch = dispatch
        self.gateways = gateways
        self.broadcasts = broadcasts
        self.digest = digest
        self.replies = replies
    }

    enum CodingKeys: String, CodingKey {
        case templates
        case whatsAppTemplates = "whatsapp_templates"
        case planner
        case reminders
        case dispatch
        case gateways
        case broadcasts
        case digest
        case replies
        case web
        case retention
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        templates = try container.decodeIfPresent(TemplateSettings.self, forKey: .templates) ?? TemplateSettings()
        whatsAppTemplates = try container.decodeIfPresent([String: WhatsAppTemplate].self, forKey: .whatsAppTemplates) ?? [:]
        planner = try container.decodeIfPresent(PlannerSettings.self, forKey: .planner) ?? PlannerSettings()
        reminders = try container.decodeIfPresent(ReminderSettings.self, forKey: .reminders) ?? .standard
        dispatch = try container.decodeIfPresent(DispatchSettings.self, forKey: .dispatch) ?? DispatchSettings()
        gateways = try container.decodeIfPresent([String: GatewayConfiguration].self, forKey: .gateways)
            ?? ["file": GatewayConfiguration(FileGateway.self, FileGatewaySettings())]
        broadcasts = try container.decodeIfPresent(BroadcastSettings.self, forKey: .broadcasts) ?? BroadcastSettings()
        digest = try container.decodeIfPresent(DigestSettings.self, forKey: .digest) ?? DigestSettings()
        replies = try container.decodeIfPresent(ReplySettings.self, forKey: .replies) ?? ReplySettings()
        web = try container.decodeIfPresent(WebSettings.self, forKey: .web) ?? WebSettings()
        retention = try container.decodeIfPresent(RetentionSettings.self, forKey: .retention) ?? RetentionSettings()
    }
}
