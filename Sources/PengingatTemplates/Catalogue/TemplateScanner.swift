/// Reads the tags of a Mustache template with their lines, and checks each name against the
/// variables its kind provides. swift-mustache renders a missing name as empty text without a
/// word; this check is what makes a typo in a template fail at load instead.
struct TemplateScanner {
    struct Tag: Equatable {
        enum Role: Equatable {
            case variable, unescaped, section, invertedSection, close, comment, unsupported
        }
        let role: Role
        let name: String
        let raw: String
        let line: Int
        let column: Int
    }

    /// The tags in order. An unterminated tag is left for the Mustache parser to report.
    static func tags(in text: String) -> [Tag] {
        let scalars = Array(text.unicodeScalars)
        var tags: [Tag] = []
        var index = 0
        var line = 1
        var lineStart = 0
        while index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                index += 1
                continue
            }
            let tagLine = line
            let column = index - lineStart + 1
            let triple = index + 2 < scalars.count && scalars[index + 2] == "{"
            let open = triple ? 3 : 2
            let closing: [Unicode.Scalar] = triple ? ["}", "}", "}"] : ["}", "}"]
            var end = index + open
            while end + closing.count <= scalars.count, Array(scalars[end..<(end + closing.count)]) != closing {
                end += 1
            }
            guard end + closing.count <= scalars.count else { break }
            var content = String(String.UnicodeScalarView(scalars[(index + open)..<end]))
            for scalar in scalars[index..<end] where scalar == "\n" {
                line += 1
            }
            if let lastBreak = scalars[index..<end].lastIndex(of: "\n") { lineStart = lastBreak + 1 }
            index = end + closing.count

            let role: Tag.Role
            if triple {
                role = .unescaped
            } else {
                switch content.first {
                case "#": role = .section
                case "^": role = .invertedSection
                case "/": role = .close
                case "!": role = .comment
                case "&": role = .unescaped
                case ">", "<", "$", "=", "%": role = .unsupported
                default: role = .variable
                }
                if role != .variable, role != .unsupported { content.removeFirst() }
            }
            let raw = content
            tags.append(Tag(role: role, name: raw.trimmingCharacters(), raw: raw, line: tagLine, column: column))
        }
        return tags
    }

    /// Problems with the names used in `text`, for a template of `kind` stored at `file`.
    static func check(_ text: String, kind: MessageKind, file: String) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        // Mustache looks a name up from the innermost section outwards.
        var scopes: [[TemplateVariable]] = [kind.variables]
        var openSections: [String] = []
        let available = kind.variables.map(\.name)

        func resolve(_ name: String) -> TemplateVariable? {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let head = parts.first else { return nil }
            guard var found = scopes.reversed().lazy.compactMap({ $0.first { $0.name == head } }).first else {
                return nil
            }
            for part in parts.dropFirst() {
                guard let next = found.fields.first(where: { $0.name == part }) else { return nil }
                found = next
            }
            return found
        }

        for tag in tags(in: text) {
            let problem = { (kind: TemplateProblem.Kind) in
                problems.append(TemplateProblem(file: file, line: tag.line, column: tag.column, kind))
            }
            switch tag.role {
            case .comment:
                continue
            case .unsupported:
                problem(.unsupportedTag(tag: tag.raw))
            case .close:
                if !openSections.isEmpty {
                    openSections.removeLast()
                    scopes.removeLast()
                }
            case .variable, .unescaped:
                let name = transformedName(tag.name)
                if name == "." {
                    if openSections.isEmpty { problem(.unknownVariable(name: ".", kind: kind, available: available)) }
                    continue
                }
                guard let variable = resolve(name) else {
                    problem(.unknownVariable(name: name, kind: kind, available: available))
                    continue
                }
                switch variable.shape {
                case .text: break
                case .flag: problem(.wrongShape(name: name, expected: "tanda benar/salah"))
                case .list: problem(.wrongShape(name: name, expected: "daftar"))
                }
            case .section, .invertedSection:
                let name = transformedName(tag.name)
                let variable = resolve(name)
                if variable == nil { problem(.unknownVariable(name: name, kind: kind, available: available)) }
                openSections.append(name)
                scopes.append(variable?.fields ?? [])
            }
        }
        return problems
    }

    /// `{{uppercased(nama)}}` checks `nama`: swift-mustache's transforms take a variable.
    static func transformedName(_ name: String) -> String {
        guard let open = name.firstIndex(of: "("), name.hasSuffix(")") else { return name }
        return String(name[name.index(after: open)..<name.index(before: name.endIndex)]).trimmingCharacters()
    }
}

extension String {
    func trimmingCharacters() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
