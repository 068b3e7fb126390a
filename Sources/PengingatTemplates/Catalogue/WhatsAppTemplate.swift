/// A message kind's pre-approved WhatsApp template. Outside the 24-hour window after a
/// household's last message, the WhatsApp Cloud API only delivers approved templates, filled
/// with positional parameters.
public struct WhatsAppTemplate: Sendable, Equatable, Codable {
    /// The template's name as approved in WhatsApp Manager.
    public var name: String
    /// Its language code there, e.g. `id`.
    public var language: String
    /// The variables of the kind that fill {{1}}, {{2}}, … in order.
    public var parameters: [String]

    public init(name: String, language: String, parameters: [String]) {
        self.name = name
        self.language = language
        self.parameters = parameters
    }
}
