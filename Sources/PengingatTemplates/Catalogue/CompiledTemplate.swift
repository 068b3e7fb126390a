import Foundation

/// A message template parsed once into parts that are filled straight from `TemplateValues`.
///
/// swift-mustache renders through an `Any`-typed context (a dictionary rebuilt for every
/// message, dynamic casts for every name): in the planner, which renders every message of a
/// month, that was a quarter of all the work. The templates a catalogue holds use names,
/// sections and inverted sections only, so they are compiled here, by swift-mustache's own
/// parsing rules (standalone lines, the whitespace around tags, the content-type pragma in
/// front), and rendered without boxing. A template using anything else (dotted names, `.`,
/// transforms, partials, delimiters) does not compile and is rendered by swift-mustache, which
/// stays the reference: `CompiledTemplateTests` renders every shipped template and a set of
/// edge cases both ways over generated values.
struct CompiledTemplate: Sendable {
    indirect enum Part: Sendable, Equatable {
        case text(String)
        case value(String)
        case section(String, [Part])
        case invertedSection(String, [Part])
    }

    let parts: [Part]
    /// The bytes of its plain text: a rendered message is at least this long, so its storage
    /// is reserved once instead of grown piece by piece.
    let textLength: Int

    init(parts: [Part]) {
        self.parts = parts
        func length(_ parts: [Part]) -> Int {
            parts.reduce(0) { total, part in
                switch part {
                case .text(let text): total + text.utf8.count
                case .value: total
                case .section(_, let inner), .invertedSection(_, let inner): total + length(inner)
                }
            }
        }
        textLength = length(parts)
    }

    /// The parts of `source` (with the pragma in front, as swift-mustache reads it), or nil when
    /// it uses more of Mustache than names and sections, or does not parse.
    static func compile(_ source: String) -> CompiledTemplate? {
        var parser = Parser(Array(source))
        guard let parts = parser.parse(section: nil, newLine: true) else { return nil }
        return CompiledTemplate(parts: parts)
    }

    /// The text with `values`, exactly as swift-mustache renders their `mustacheContext`;
    /// `greeting`'s values, when given, stand over `values` as if added to them (the planner
    /// keeps a household's greeting apart from the values its whole group shares).
    func render(_ values: TemplateValues, greeting: TemplateValues? = nil) -> String {
        var output = ""
        output.reserveCapacity(textLength + 48)
        var scope = Scope(base: values, top: greeting)
        Self.render(parts, scope: &scope, into: &output)
        return output
    }

    /// Where names are looked up: the list items being walked (innermost last), then the
    /// greeting, then the values.
    private struct Scope {
        let base: TemplateValues
        let top: TemplateValues?
        var items: [TemplateValues] = []

        /// An empty text counts as absent (the context swift-mustache is given leaves it out,
        /// so `{{#name}}` disappears for it).
        func lookUp(_ name: String) -> TemplateValues.Value? {
            func present(_ value: TemplateValues.Value?) -> TemplateValues.Value? {
                if case .text(let text)? = value, text.isEmpty { return nil }
                return value
            }
            for values in items.reversed() {
                if let value = present(values[name]) { return value }
            }
            // The greeting replaces a value of the same name, as adding it to the values would.
            if let top, let value = top[name] { return present(value) }
            return present(base[name])
        }
    }

    private static func render(_ parts: [Part], scope: inout Scope, into output: inout String) {
        for part in parts {
            switch part {
            case .text(let text):
                output += text
            case .value(let name):
                switch scope.lookUp(name) {
                case .text(let text)?: output += text
                case .flag(let flag)?: output += flag ? "true" : "false"
                // A list as a plain name: the catalogue's name check refuses such a template.
                case .list?, nil: break
                }
            case .section(let name, let inner):
                switch scope.lookUp(name) {
                case .text?, .flag(true)?:
                    render(inner, scope: &scope, into: &output)
                case .list(let items)?:
                    for item in items {
                        scope.items.append(item)
                        render(inner, scope: &scope, into: &output)
                        scope.items.removeLast()
                    }
                case .flag(false)?, nil:
                    break
                }
            case .invertedSection(let name, let inner):
                switch scope.lookUp(name) {
                case .text?, .flag(true)?: break
                case .list(let items)? where !items.isEmpty: break
                default: render(inner, scope: &scope, into: &output)
                }
            }
        }
    }

    /// Whether `name` is looked up anywhere in the template.
    func mentions(_ name: String) -> Bool {
        func uses(_ parts: [Part]) -> Bool {
            parts.contains { part in
                switch part {
                case .text: false
                case .value(let used): used == name
                case .section(let used, let inner), .invertedSection(let used, let inner): used == name || uses(inner)
                }
            }
        }
        return uses(parts)
    }

    /// A template's closing, apart from the rest of it.
    struct Closing: Sendable {
        let body: CompiledTemplate
        let text: String
    }

    /// The template without its last `{{^flag}}…{{/flag}}` and that section's text, when the
    /// section holds plain text only, nothing but whitespace follows it, and `flag` is used
    /// nowhere else: rendering the rest then gives exactly the text with the flag set.
    func closing(named flag: String) -> Closing? {
        func isBlank(_ part: Part) -> Bool {
            if case .text(let text) = part { return text.allSatisfy(\.isWhitespace) }
            return false
        }
        guard let index = parts.lastIndex(where: { !isBlank($0) }),
              case .invertedSection(flag, let inner) = parts[index] else { return nil }
        var text = ""
        for part in inner {
            guard case .text(let piece) = part else { return nil }
            text += piece
        }
        var body = parts
        body.remove(at: index)
        let closing = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let rest = CompiledTemplate(parts: body)
        guard !rest.mentions(flag), !closing.isEmpty else { return nil }
        return Closing(body: rest, text: closing)
    }
}

extension CompiledTemplate {
    /// swift-mustache's parser (`MustacheTemplate.parse`), for the tags a compiled template
    /// supports: the same state (whether the parser stands at the start of a line), the same
    /// standalone rule, the same whitespace kept or dropped around each tag.
    private struct Parser {
        let characters: [Character]
        var position = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { position >= characters.count }
        var current: Character? { atEnd ? nil : characters[position] }

        static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")

        mutating func skip(while predicate: (Character) -> Bool) {
            while let character = current, predicate(character) { position += 1 }
        }

        mutating func read(_ string: String) -> Bool {
            let expected = Array(string)
            guard position + expected.count <= characters.count,
                  Array(characters[position..<(position + expected.count)]) == expected else { return false }
            position += expected.count
            return true
        }

        /// Text up to the next `{{` (consumed) or line break (not consumed).
        mutating func readTextUntilTagOrNewline() -> String {
            var text = ""
            while let character = current {
                if character == "\n" || character == "\r\n" { break }
                if character == "{" {
                    if read("{{") { break }
                    text.append(character)
                    position += 1
                    continue
                }
                text.append(character)
                position += 1
            }
            return text
        }

        /// A tag's name; nil for what a compiled template leaves to swift-mustache.
        mutating func readName() -> String? {
            skip(while: \.isWhitespace)
            let start = position
            skip(while: { Self.nameCharacters.contains($0) })
            let name = String(characters[start..<position])
            skip(while: \.isWhitespace)
            guard read("}}"), !name.isEmpty, !name.contains("."), !name.contains("("), !name.contains(")") else { return nil }
            return name
        }

        /// Whether the rest of the line is blank; if so the line break is consumed with it.
        mutating func lineFinished() -> Bool {
            if atEnd { return true }
            var probe = position
            while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
            if probe < characters.count, characters[probe].isNewline {
                position = probe + 1
                return true
            }
            return false
        }

        mutating func standalone(_ newLine: Bool) -> Bool { newLine && lineFinished() }

        mutating func parse(section: String?, newLine startsOnNewLine: Bool) -> [Part]? {
            var parts: [Part] = []
            var newLine = startsOnNewLine
            var whitespaceBefore = ""
            func appendText(_ text: String) {
                if text.isEmpty { return }
                if case .text(let previous)? = parts.last {
                    parts[parts.count - 1] = .text(previous + text)
                } else {
                    parts.append(.text(text))
                }
            }
            func flushWhitespace() {
                appendText(whitespaceBefore)
                whitespaceBefore = ""
            }
            while !atEnd {
                if newLine {
                    let start = position
                    skip(while: { $0 == " " || $0 == "\t" })
                    whitespaceBefore = String(characters[start..<position])
                }
                let text = readTextUntilTagOrNewline()
                if let character = current, character.isNewline {
                    appendText(whitespaceBefore + text + String(character))
                    whitespaceBefore = ""
                    newLine = true
                    position += 1
                    continue
                }
                if !text.isEmpty {
                    appendText(whitespaceBefore + text)
                    whitespaceBefore = ""
                    newLine = false
                }
                guard let sigil = current else { break }
                var setNewLine = false
                switch sigil {
                case "#", "^":
                    position += 1
                    guard let name = readName() else { return nil }
                    if standalone(newLine) {
                        setNewLine = true
                    } else {
                        flushWhitespace()
                    }
                    guard let inner = parse(section: name, newLine: newLine && setNewLine) else { return nil }
                    parts.append(sigil == "#" ? .section(name, inner) : .invertedSection(name, inner))
                case "/":
                    position += 1
                    guard let name = readName(), name == section else { return nil }
                    if !standalone(newLine) { flushWhitespace() }
                    return parts
                case "!":
                    position += 1
                    while !atEnd, !read("}}") { position += 1 }
                    setNewLine = standalone(newLine)
                case "%":
                    position += 1
                    skip(while: \.isWhitespace)
                    guard read("CONTENT_TYPE") else { return nil }
                    skip(while: \.isWhitespace)
                    guard read(":") else { return nil }
                    skip(while: \.isWhitespace)
                    guard read("TEXT") else { return nil }
                    skip(while: \.isWhitespace)
                    guard read("}}") else { return nil }
                    setNewLine = standalone(newLine)
                case "{":
                    flushWhitespace()
                    position += 1
                    guard let name = readName(), read("}") else { return nil }
                    parts.append(.value(name))
                case "&":
                    flushWhitespace()
                    position += 1
                    guard let name = readName() else { return nil }
                    parts.append(.value(name))
                case ">", "<", "$", "=":
                    return nil
                default:
                    flushWhitespace()
                    guard let name = readName() else { return nil }
                    parts.append(.value(name))
                }
                newLine = setNewLine
            }
            return section == nil ? parts : nil
        }
    }
}
