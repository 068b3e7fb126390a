/// The values one message is rendered with, by variable name.
public struct TemplateValues: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public enum Value: Sendable, Equatable {
        case text(String)
        case flag(Bool)
        case list([TemplateValues])
    }

    public private(set) var storage: [String: Value]

    public init(_ storage: [String: Value] = [:]) {
        self.storage = storage
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.storage = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(name: String) -> Value? {
        get { storage[name] }
        set { storage[name] = newValue }
    }

    /// Adds `other`'s values (replacing any of the same name), growing the storage once.
    public mutating func add(_ other: TemplateValues) {
        storage.reserveCapacity(storage.count + other.storage.count)
        for (name, value) in other.storage { storage[name] = value }
    }

    /// The shape swift-mustache walks: strings, booleans, arrays of dictionaries. An empty
    /// optional text is left out, so `{{#name}}` sections disappear for it.
    var mustacheContext: [String: Any] {
        var context: [String: Any] = [:]
        for (name, value) in storage {
            switch value {
            case .text(let text): if !text.isEmpty { context[name] = text }
            case .flag(let flag): context[name] = flag
            case .list(let items): context[name] = items.map(\.mustacheContext)
            }
        }
        return context
    }
}

extension TemplateValues.Value: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
}
