import PengingatCore

/// One message, rendered and measured.
public struct RenderedMessage: Sendable, Equatable {
    public let kind: MessageKind
    /// The language the template was written in (Indonesian when the reader's had none).
    public let language: Household.Language
    /// The text as rendered (what WhatsApp and e-mail send).
    public let text: String
    /// The text as it goes by SMS: typographic characters mapped when configured.
    public let smsText: String
    public let smsSize: SMSSize
    /// The approved WhatsApp template and its parameters, when the kind has one.
    public let whatsApp: (template: WhatsAppTemplate, parameters: [String])?

    public static func == (lhs: RenderedMessage, rhs: RenderedMessage) -> Bool {
        lhs.kind == rhs.kind && lhs.language == rhs.language && lhs.text == rhs.text && lhs.smsText == rhs.smsText
            && lhs.whatsApp?.template == rhs.whatsApp?.template && lhs.whatsApp?.parameters == rhs.whatsApp?.parameters
    }
}

/// The values given for a render do not match what the kind declares: a programming error
/// in the caller, reported rather than sent as a message with a hole in it.
public struct TemplateRenderError: Error, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case missingValue(String)
        case undeclaredValue(String)
        case wrongShape(String)
    }
    public let kind: MessageKind
    public let reason: Reason

    public init(kind: MessageKind, reason: Reason) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .missingValue(let name): "\(kind.rawValue): no value for required variable \(name)"
        case .undeclaredValue(let name): "\(kind.rawValue): value given for undeclared variable \(name)"
        case .wrongShape(let name): "\(kind.rawValue): value for \(name) has the wrong shape"
        }
    }
}
