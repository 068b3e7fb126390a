import Foundation
import PengingatCore
import PengingatStore
import PengingatTemplates

extension OutboxMessage {
    /// A message of one rendered text: on SMS the typography is mapped (when the catalogue says
    /// so) before its size is measured, so the outbox holds what will be sent and what it costs.
    static func composed(
        key: String, source: String, text: String, phone: PhoneNumber, channel: Household.Channel,
        language: Household.Language, groupID: Group.ID?, dueAt: Date, expiresAt: Date, priority: Int, items: [OutboxItem],
        settings: TemplateSettings, whatsAppTemplates: [WhatsAppTemplateCall] = [], email: EmailEnvelope? = nil
    ) -> OutboxMessage {
        let smsText = settings.mapTypography ? SMSText.mappingTypography(text) : text
        let size = SMSSize(measuring: smsText)
        return OutboxMessage(
            key: key, source: source, phone: phone, channel: channel, language: language, groupID: groupID, dueAt: dueAt,
            expiresAt: expiresAt, priority: priority, text: channel == .sms ? smsText : text, segments: size.segments,
            encoding: size.encoding.rawValue, items: items, whatsAppTemplates: whatsAppTemplates, email: email)
    }
}
