/// A name a template may use, as its message kind provides it.
public struct TemplateVariable: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        /// Plain text, used as `{{name}}`.
        case text
        /// True or false, used as a section: `{{#daring}}…{{/daring}}`.
        case flag
        /// A list of items with their own fields, used as a section: `{{#titipan}}{{penerima}}{{/titipan}}`.
        case list([TemplateVariable])
    }

    public let name: String
    public let shape: Shape
    /// An optional value may be absent; templates show it inside `{{#name}}…{{/name}}`.
    public let isOptional: Bool
    /// What it holds, in Bahasa Indonesia, for the operators who write templates.
    public let meaning: String

    public init(_ name: String, _ shape: Shape = .text, optional: Bool = false, meaning: String) {
        self.name = name
        self.shape = shape
        self.isOptional = optional
        self.meaning = meaning
    }

    var fields: [TemplateVariable] {
        if case .list(let fields) = shape { return fields }
        return []
    }
}
