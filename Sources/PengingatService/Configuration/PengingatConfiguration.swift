import PengingatTemplates

/// Everything an operator sets in `Config/pengingat.yaml`. Secrets never live here: they come
/// from environment variables. Every field has a default, so an empty file (or none) works.
public struct PengingatConfiguration: Sendable, Equatable, Decodable {
    public var templates: TemplateSettings
    /// Message kind → its approved WhatsApp template.
    public var whatsAppTemplates: [String: WhatsAppTemplate]

    public init(templates: TemplateSettings = TemplateSettings(), whatsAppTemplates: [String: WhatsAppTemplate] = [:]) {
        self.templates = templates
        self.whatsAppTemplates = whatsAppTemplates
    }

    enum CodingKeys: String, CodingKey {
        case templates
        case whatsAppTemplates = "whatsapp_templates"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        templates = try container.decodeIfPresent(TemplateSettings.self, forKey: .templates) ?? TemplateSettings()
        whatsAppTemplates = try container.decodeIfPresent([String: WhatsAppTemplate].self, forKey: .whatsAppTemplates) ?? [:]
    }
}
