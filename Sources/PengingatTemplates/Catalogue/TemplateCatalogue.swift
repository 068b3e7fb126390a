import Foundation
import Mustache
import PengingatCore

/// Every message template, loaded and checked once, ready to render.
///
/// Loading fails with every problem at once (file and line each) when a template does not
/// parse, uses a name its kind does not provide, or a kind has no Indonesian template.
public struct TemplateCatalogue: Sendable {
    /// A class: every planned item looks its entry up, and a reference is one retain where a
    /// copy of these fields was eight.
    public final class Entry: Sendable {
        public let kind: MessageKind
        public let language: Household.Language
        /// The file it came from, shipped or the operator's override.
        public let path: String
        public let isOverride: Bool
        let template: MustacheTemplate
        /// The same template parsed into parts; nil when it uses more than names and sections.
        let compiled: CompiledTemplate?
        /// The kind's variables, worked out once: every render checks its values against them.
        let variables: [TemplateVariable]
        /// The template without its closing, and the closing, when the closing is plain text at
        /// its end: a part of a message is then rendered once, not twice.
        let closing: CompiledTemplate.Closing?

        init(
            kind: MessageKind, language: Household.Language, path: String, isOverride: Bool, template: MustacheTemplate,
            compiled: CompiledTemplate?, variables: [TemplateVariable], closing: CompiledTemplate.Closing?
        ) {
            self.kind = kind
            self.language = language
            self.path = path
            self.isOverride = isOverride
            self.template = template
            self.compiled = compiled
            self.variables = variables
            self.closing = closing
        }
    }

    private struct Key: Hashable {
        let kind: MessageKind
        let language: Household.Language
    }

    private let entries: [Key: Entry]
    public let settings: TemplateSettings
    public let whatsAppTemplates: [MessageKind: WhatsAppTemplate]

    /// Template languages are folders; other folders (web pages) are not message templates.
    static let languageFolders: [Household.Language] = [.indonesian, .sundanese, .javanese]
    /// Rendering as plain text: swift-mustache escapes HTML unless the template says otherwise.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    public static func load(
        settings: TemplateSettings = TemplateSettings(), whatsAppTemplates: [String: WhatsAppTemplate] = [:],
        configurationFile: String = "konfigurasi"
    ) throws(TemplateCatalogueError) -> TemplateCatalogue {
        var problems: [TemplateProblem] = []
        var entries: [Key: Entry] = [:]
        let folders = [(settings.directory, false)] + (settings.overrideDirectory.map { [($0, true)] } ?? [])
        for (folder, isOverride) in folders {
            if isOverride, !FileManager.default.fileExists(atPath: folder) {
                problems.append(TemplateProblem(file: folder, .unreadable(reason: "folder tidak ada")))
                continue
            }
            for language in languageFolders {
                let languageFolder = (folder as NSString).appendingPathComponent(language.rawValue)
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: languageFolder) else { continue }
                for name in names.sorted() where name.hasSuffix(".mustache") {
                    let path = (languageFolder as NSString).appendingPathComponent(name)
                    guard let kind = MessageKind(rawValue: String(name.dropLast(".mustache".count))) else {
                        problems.append(TemplateProblem(file: path, .unknownKind(fileName: name)))
                        continue
                    }
                    switch loadEntry(path: path, kind: kind, language: language, isOverride: isOverride) {
                    case .success(let entry): entries[Key(kind: kind, language: language)] = entry
                    case .failure(let error): problems += error.problems
                    }
                }
            }
        }
        for kind in MessageKind.allCases where entries[Key(kind: kind, language: .indonesian)] == nil {
            // A kind whose only template failed to load already has its problem listed.
            if !problems.contains(where: { $0.file.hasSuffix("/id/\(kind.rawValue).mustache") }) {
                problems.append(TemplateProblem(
                    file: (settings.directory as NSString).appendingPathComponent("id/\(kind.rawValue).mustache"),
                    .missingIndonesian(kind: kind)))
            }
        }

        var whatsApp: [MessageKind: WhatsAppTemplate] = [:]
        for (name, template) in whatsAppTemplates.sorted(by: { $0.key < $1.key }) {
            guard let kind = MessageKind(rawValue: name) else {
                problems.append(TemplateProblem(file: configurationFile, .whatsAppUnknownKind(name: name)))
                continue
            }
            let textVariables = Set(kind.variables.filter { $0.shape == .text }.map(\.name))
            for parameter in template.parameters where !textVariables.contains(parameter) {
                problems.append(TemplateProblem(
                    file: configurationFile, .whatsAppUnknownParameter(kind: kind, parameter: parameter)))
            }
            whatsApp[kind] = template
        }

        guard problems.isEmpty else { throw TemplateCatalogueError(problems: problems) }
        return TemplateCatalogue(entries: entries, settings: settings, whatsAppTemplates: whatsApp)
    }

    private static func loadEntry(
        path: String, kind: MessageKind, language: Household.Language, isOverride: Bool
    ) -> Result<Entry, TemplateCatalogueError> {
        let fail = { (problems: [TemplateProblem]) in Result<Entry, TemplateCatalogueError>.failure(.init(problems: problems)) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return fail([TemplateProblem(file: path, .unreadable(reason: "bukan teks UTF-8"))])
        }
        let nameProblems = TemplateScanner.check(text, kind: kind, file: path)
        do {
            let template = try MustacheTemplate(string: textPragma + text)
            guard nameProblems.isEmpty else { return fail(nameProblems) }
            let compiled = CompiledTemplate.compile(textPragma + text)
            return .success(Entry(
                kind: kind, language: language, path: path, isOverride: isOverride, template: template,
                compiled: compiled, variables: kind.variables,
                closing: kind.isPlanned ? compiled?.closing(named: MessageKind.withoutClosing).map {
                    CompiledTemplate.Closing(body: $0.body, text: tidy($0.text))
                } : nil))
        } catch let error as MustacheTemplate.ParserError {
            // The pragma sits in front of line 1: take its width back off line 1's columns.
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - textPragma.count) : error.context.columnNumber
            let detail = syntaxDetail("\(error.error)")
            return fail([TemplateProblem(file: path, line: line, column: column, .syntax(detail: detail))] + nameProblems)
        } catch {
            return fail([TemplateProblem(file: path, .syntax(detail: "\(error)"))] + nameProblems)
        }
    }

    /// swift-mustache's parser errors, said in words an operator understands.
    static func syntaxDetail(_ error: String) -> String {
        switch error {
        case "sectionCloseNameIncorrect": "penutup {{/…}} tidak cocok dengan pembukanya {{#…}}"
        case "expectedSectionEnd": "bagian {{#…}} atau {{^…}} belum ditutup dengan {{/…}}"
        case "unfinishedName": "tanda {{ belum ditutup dengan }}"
        case "invalidSetDelimiter": "penggantian pembatas {{=…=}} tidak dipakai"
        default: error
        }
    }

    /// The template used for `kind` in `language`: the reader's own, else Indonesian.
    public func entry(for kind: MessageKind, language: Household.Language) -> Entry? {
        entries[Key(kind: kind, language: language)] ?? entries[Key(kind: kind, language: .indonesian)]
    }

    /// Whether `kind` has a template written in `language` itself (not the fallback).
    public func hasOwnTemplate(_ kind: MessageKind, language: Household.Language) -> Bool {
        entries[Key(kind: kind, language: language)] != nil
    }

    /// Renders one message. The values must be exactly the kind's variables (optional ones may
    /// be left out); anything else is the caller's mistake and throws.
    public func render(
        _ kind: MessageKind, language: Household.Language, values: TemplateValues
    ) throws(TemplateRenderError) -> RenderedMessage {
        let (text, entry) = try renderText(kind, language: language, values: values)
        let smsText = settings.mapTypography ? SMSText.mappingTypography(text) : text
        let whatsApp = whatsAppTemplates[kind].map { template in
            (template, template.parameters.map { name -> String in
                if case .text(let value)? = values[name] { return value }
                return ""
            })
        }
        return RenderedMessage(
            kind: kind, language: entry.language, text: text, smsText: smsText, smsSize: SMSSize(measuring: smsText),
            whatsApp: whatsApp)
    }

    /// The text alone, unmeasured: for callers that join several parts and measure the whole.
    /// `greeting` (`sapaan`, `nama`) stands over `values` as if added to them: the planner
    /// shares one set of values among a group's households and keeps each greeting apart.
    public func text(
        _ kind: MessageKind, language: Household.Language, values: TemplateValues, greeting: TemplateValues? = nil
    ) throws(TemplateRenderError) -> String {
        try renderText(kind, language: language, values: values, greeting: greeting).text
    }

    /// One item's text as a part of a message that tells several: rendered once whole and once
    /// with `tanpa_penutup`, so its closing can be said once for the whole message.
    public func part(
        _ kind: MessageKind, language: Household.Language, values: TemplateValues, greeting: TemplateValues? = nil
    ) throws(TemplateRenderError) -> MessagePart {
        if let entry = entry(for: kind, language: language), let closing = entry.closing {
            try Self.validate(values, greeting: greeting, against: entry.variables, kind: kind)
            return MessagePart(body: Self.tidy(closing.body.render(values, greeting: greeting)), closing: closing.text)
        }
        var values = values
        if let greeting { values.add(greeting) }
        let whole = try text(kind, language: language, values: values)
        guard kind.isPlanned else { return MessagePart(body: whole) }
        values[MessageKind.withoutClosing] = .flag(true)
        return MessagePart(whole: whole, body: try text(kind, language: language, values: values))
    }

    private func renderText(
        _ kind: MessageKind, language: Household.Language, values: TemplateValues, greeting: TemplateValues? = nil
    ) throws(TemplateRenderError) -> (text: String, entry: Entry) {
        guard let entry = entry(for: kind, language: language) else {
            // `load` guarantees an Indonesian template for every kind.
            throw TemplateRenderError(kind: kind, reason: .missingValue("template"))
        }
        try Self.validate(values, greeting: greeting, against: entry.variables, kind: kind)
        let text: String
        if let compiled = entry.compiled {
            text = compiled.render(values, greeting: greeting)
        } else {
            var merged = values
            if let greeting { merged.add(greeting) }
            text = entry.template.render(merged.mustacheContext)
        }
        return (Self.tidy(text), entry)
    }

    /// Checks `values` with `greeting` standing over them (see `text`). Runs for every message
    /// the planner renders, so it allocates nothing on the way to "all is well".
    static func validate(
        _ values: TemplateValues, greeting: TemplateValues? = nil, against variables: [TemplateVariable], kind: MessageKind
    ) throws(TemplateRenderError) {
        func isDeclared(_ name: String) -> Bool { variables.contains { $0.name == name } }
        var undeclared: String?
        func check(_ entries: [TemplateValues.Entry]) {
            for entry in entries where !isDeclared(entry.name) {
                if undeclared.map({ entry.name < $0 }) ?? true { undeclared = entry.name }
            }
        }
        check(values.entries)
        if let greeting { check(greeting.entries) }
        if let undeclared { throw TemplateRenderError(kind: kind, reason: .undeclaredValue(undeclared)) }
        for variable in variables {
            guard let value = greeting?[variable.name] ?? values[variable.name] else {
                if variable.isOptional { continue }
                throw TemplateRenderError(kind: kind, reason: .missingValue(variable.name))
            }
            switch (variable.shape, value) {
            case (.text, .text), (.flag, .flag):
                break
            case (.list(let fields), .list(let items)):
                for item in items { try validate(item, against: fields, kind: kind) }
            default:
                throw TemplateRenderError(kind: kind, reason: .wrongShape(variable.name))
            }
        }
    }

    /// Punctuation that takes no space before it in a tidied text.
    static func noSpaceBefore(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"),
             UInt8(ascii: ";"), UInt8(ascii: ")"): true
        default: false
        }
    }

    /// Templates are written for people to read in a file; the message should not carry the
    /// file's layout: runs of spaces become one, lines are trimmed, no space before
    /// punctuation, blank lines come at most one at a time. One pass: this runs for every message.
    static func tidy(_ text: String) -> String {
        // The text only ever shrinks (each space or line break written stands for at least one
        // read), so it is written straight into the new string's storage.
        var text = text
        return text.withUTF8 { input in tidied(input) }
    }

    private static func tidied(_ input: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: input.count) { output in
            var count = 0
            var pendingSpace = false
            var lineIsEmpty = true
            var blankLines = 0
            for byte in input {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    if !lineIsEmpty { pendingSpace = true }
                case UInt8(ascii: "\n"):
                    pendingSpace = false
                    if lineIsEmpty {
                        blankLines += 1
                    } else {
                        output[count] = byte
                        count += 1
                        lineIsEmpty = true
                        blankLines = 0
                    }
                default:
                    if lineIsEmpty, blankLines > 0, count > 0 {
                        // Keep one blank line between paragraphs.
                        output[count] = UInt8(ascii: "\n")
                        count += 1
                    }
                    blankLines = 0
                    if pendingSpace, !noSpaceBefore(byte) {
                        output[count] = UInt8(ascii: " ")
                        count += 1
                    }
                    pendingSpace = false
                    output[count] = byte
                    count += 1
                    lineIsEmpty = false
                }
            }
            while count > 0, output[count - 1] == UInt8(ascii: "\n") { count -= 1 }
            return count
        }
    }
}
