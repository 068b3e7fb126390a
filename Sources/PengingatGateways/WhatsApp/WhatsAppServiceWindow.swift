import Foundation
import PengingatOutbox

/// WhatsApp's customer-service window: for 24 hours after a person last wrote, a business may
/// send them any text; outside it, only templates Meta has approved are delivered (error 131047
/// otherwise).
public enum WhatsAppServiceWindow {
    public static let length: TimeInterval = 24 * 3600

    /// How one message may go by WhatsApp.
    public enum Delivery: Sendable, Equatable {
        /// Inside the window: the message as written, merged or free.
        case text
        /// Outside it: these approved templates, one after the other (one per item).
        case templates([WhatsAppTemplateCall])
        /// Outside it with no template for some item: not by WhatsApp (the next gateway, SMS).
        case notByWhatsApp
    }

    public static func isOpen(lastInbound: Date?, at now: Date) -> Bool {
        guard let lastInbound else { return false }
        return lastInbound <= now && now.timeIntervalSince(lastInbound) < length
    }

    public static func delivery(lastInbound: Date?, at now: Date, templates: [WhatsAppTemplateCall]) -> Delivery {
        if isOpen(lastInbound: lastInbound, at: now) { return .text }
        return templates.isEmpty ? .notByWhatsApp : .templates(templates)
    }
}
