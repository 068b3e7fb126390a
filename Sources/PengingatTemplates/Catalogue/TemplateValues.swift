/// The values one message is rendered with, by variable name.
///
/// A message has about ten values: they are kept as a short list searched by name, not a
/// hashed dictionary. The planner builds, merges, checks and reads values for every item of a
/// month, and hashing each name was a tenth of its work; comparing a short name with a dozen
/// others costs less than hashing it once.
public struct TemplateValues: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public enum Value: Sendable, Equatable {
        case text(String)
        case flag(Bool)
        case list([TemplateValues])
    }

    public struct Entry: Sendable, Equatable {
        public let name: String
        public var value: Value
    }

    /// One entry per name, in the order names were first set.
    public private(set) var entries: [Entry]

    public init() {
        entries = []
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        entries = []
        entries.reserveCapacity(elements.count)
        for (name, value) in elements { self[name] = value }
    }

    public var names: [String] { entries.map(\.name) }

    public subscript(name: String) -> Value? {
        get {
            for entry in entries where entry.name == name { return entry.value }
            return nil
        }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(name: name, value: newValue))
            }
        }
    }

    /// Adds `other`'s values (replacing any of the same name).
    public mutating func add(_ other: TemplateValues) {
        entries.reserveCapacity(entries.count + other.entries.count)
        for entry in other.entries { self[entry.name] = entry.value }
    }

    /// Equal when they hold the same values by name, whatever the order they were set in.
    public static func == (lhs: TemplateValues, rhs: TemplateValues) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.name] == $0.value }
    }

    /// The shape swift-mustache walks: strings, booleans, arrays of dictionaries. An empty
    /// optional text is left out, so `{{#name}}` sections disappear for it.
    var mustacheContext: [String: Any] {
        var context: [String: Any] = [:]
        for entry in entries {
            switch entry.value {
            case .text(let text): if !text.isEmpty { context[entry.name] = text }
            case .flag(let flag): context[entry.name] = flag
            case .list(let items): context[entry.name] = items.map(\.mustacheContext)
            }
        }
        return context
    }
}

extension TemplateValues.Value: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
}
