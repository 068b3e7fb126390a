import Foundation
import Mustache
import PengingatTestSupport
import PropertyBased
import Testing

@testable import PengingatCore
@testable import PengingatTemplates

/// Compiled templates and the SMS measures' scalar paths are fast paths: each must give what
/// the general code gives (swift-mustache; the character-by-character measure), on generated
/// values full of the cases that differ.
@Suite("Fast paths agree with swift-mustache and the general SMS rules")
struct CompiledTemplateTests {
    static let pieces = ["Siti", "Bapak", " ", "  ", "\n", "é", "{{", "}}", "{", ".", ",", "Δ", "’", "👍🏽", "\r\n", "\t", ""]

    static func text(_ random: inout SplitMix, length: Int = 4) -> String {
        (0..<random.next(length + 1)).map { _ in pieces[random.next(pieces.count)] }.joined()
    }

    /// Values for `variables` as the planner may give them: optional ones sometimes left out,
    /// texts sometimes empty, lists of zero to three items.
    static func values(for variables: [TemplateVariable], _ random: inout SplitMix) -> TemplateValues {
        var values = TemplateValues()
        for variable in variables {
            if variable.isOptional, random.next(3) == 0 { continue }
            switch variable.shape {
            case .text: values[variable.name] = .text(random.next(4) == 0 ? "" : text(&random))
            case .flag: values[variable.name] = .flag(random.next(2) == 0)
            case .list(let fields):
                values[variable.name] = .list((0..<random.next(4)).map { _ in Self.values(for: fields, &random) })
            }
        }
        return values
    }

    static func reference(_ source: String, _ values: TemplateValues) throws -> String {
        try MustacheTemplate(string: TemplateCatalogue.textPragma + source).render(values.mustacheContext)
    }

    static func compiled(_ source: String) -> CompiledTemplate? {
        CompiledTemplate.compile(TemplateCatalogue.textPragma + source)
    }

    static func shippedSources() throws -> [(kind: MessageKind, path: String, text: String)] {
        try ["id", "su"].flatMap { language in
            let folder = Paths.shippedTemplates + "/" + language
            return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().compactMap {
                name -> (kind: MessageKind, path: String, text: String)? in
                guard let kind = MessageKind(rawValue: String(name.dropLast(".mustache".count))) else { return nil }
                let path = folder + "/" + name
                return (kind, path, try String(contentsOfFile: path, encoding: .utf8))
            }
        }
    }

    @Test("every shipped template compiles and renders as swift-mustache does, for any values")
    func shippedTemplates() async throws {
        let sources = try Self.shippedSources()
        #expect(sources.count > 40)
        for source in sources {
            let template = try #require(Self.compiled(source.text), "\(source.path) does not compile")
            for language in [Household.Language.indonesian, .sundanese] {
                for values in [source.kind.sampleValues(language: language), source.kind.realisticValues(language: language)] {
                    let expected = try Self.reference(source.text, values)
                    #expect(template.render(values) == expected, "\(source.path)")
                }
            }
        }
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            for source in sources {
                let values = Self.values(for: source.kind.variables, &random)
                let expected = try Self.reference(source.text, values)
                #expect(Self.compiled(source.text)?.render(values) == expected,
                        "\(source.path) with \(values)")
            }
        }
    }

    /// Layouts the shipped templates do not all use: standalone tags, indentation, comments,
    /// CRLF, a section on the first line (after the pragma), nested lists, stray braces.
    static let edgeCases = [
        "{{#l}}\n- {{a}}\n{{/l}}\nend", "  {{#f}}\n  x\n  {{/f}}\n", "{{#f}}x{{/f}}\n{{^f}}y{{/f}}",
        "a {{! note }} b\n{{! alone }}\nc", "{{#l}}\r\n{{a}}\r\n{{/l}}\r\n", "{{{a}}} {{&b}} {{ a }}",
        "x\n{{#l}}{{#m}}[{{b}}{{a}}]{{/m}}{{/l}}\n", "{ {a} }{{a}}{", "\n\n{{^l}}\nnone\n{{/l}}\n\n",
        "{{#a}}\n{{a}}\n{{/a}} tail\n{{#f}}\nF\n{{/f}}", "  {{a}}\n\t{{#f}}\t\n{{/f}}", "{{#f}}{{/f}}", "",
        "line {{#f}}\nin\n{{/f}}\n{{#f}}\nagain\n{{/f}}\n", "{{#l}}{{^a}}no a{{/a}}{{/l}}", "{{b}}\r{{#f}}\r\nx{{/f}}",
    ]
    static let edgeVariables: [TemplateVariable] = [
        TemplateVariable("a", meaning: ""), TemplateVariable("b", optional: true, meaning: ""),
        TemplateVariable("f", .flag, meaning: ""),
        TemplateVariable("l", .list([
            TemplateVariable("a", optional: true, meaning: ""),
            TemplateVariable("m", .list([TemplateVariable("b", meaning: "")]), optional: true, meaning: ""),
        ]), meaning: ""),
    ]

    @Test("layouts beyond the shipped templates render as swift-mustache renders them")
    func edgeCases() async throws {
        for source in Self.edgeCases {
            #expect(Self.compiled(source) != nil, "\(source.debugDescription) does not compile")
        }
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let values = Self.values(for: Self.edgeVariables, &random)
            for source in Self.edgeCases {
                let expected = try Self.reference(source, values)
                #expect(Self.compiled(source)?.render(values) == expected,
                        "\(source.debugDescription) with \(values)")
            }
        }
    }

    @Test("a closing is taken apart only when it is plain text at the end and its flag is used nowhere else")
    func closingApart() throws {
        let flag = MessageKind.withoutClosing
        let split = try #require(Self.compiled("{{nama}}, besok P2K2.{{^\(flag)}} Ditunggu.{{/\(flag)}}\n")?.closing(named: flag))
        #expect(split.text == "Ditunggu.")
        let values: TemplateValues = ["nama": "Ibu Ani"]
        var flagged = values
        flagged[flag] = true
        // The rest renders exactly as the whole template with the flag set.
        #expect(split.body.render(values) == Self.compiled("{{nama}}, besok P2K2.{{^\(flag)}} Ditunggu.{{/\(flag)}}\n")?.render(flagged))
        for source in [
            "{{nama}}.{{^\(flag)}} Salam, {{nama}}.{{/\(flag)}}",          // a value in the closing
            "{{^\(flag)}}Halo. {{/\(flag)}}{{nama}}.",                     // not at the end
            "{{nama}}.{{^\(flag)}} Ditunggu.{{/\(flag)}} Terima kasih.",   // text after it
            "{{#\(flag)}}Lanjutan: {{/\(flag)}}{{nama}}.{{^\(flag)}} Ditunggu.{{/\(flag)}}", // the flag used twice
            "{{nama}}.{{^\(flag)}} {{/\(flag)}}",                          // nothing to close with
        ] {
            #expect(Self.compiled(source)?.closing(named: flag) == nil, "\(source)")
        }
    }

    @Test("templates using more than names and sections are left to swift-mustache, which renders them")
    func fallback() throws {
        let directory = try Paths.temporaryFolder([
            "id/p2k2-reminder-day-before.mustache": "{{sapaan}} {{uppercased(nama)}}, {{tanggal}} {{jam}} {{tempat}}.",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for source in ["{{a.b}}", "{{.}}", "{{>partial}}", "{{uppercased(a)}}", "{{=<% %>=}}", "{{$block}}x{{/block}}", "{{ }}"] {
            #expect(Self.compiled(source) == nil, "\(source)")
        }
        let catalogue = try TemplateCatalogue.shipped(overrideDirectory: directory)
        var values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["nama"] = "Siti"
        let text = try catalogue.text(.p2k2DayBefore, language: .indonesian, values: values)
        #expect(text.hasPrefix("Ibu SITI, "))
    }

    @Test("SMS size by scalar and typography mapping by bytes agree with the character rules")
    func smsFastPaths() async {
        let pieces = ["a", " ", "\n", "\r", "\r\n", "é", "É", "Δ", "€", "[", "^", "’", "“", "…", "\u{00A0}", "\u{00B7}",
                      "e\u{0301}", "\u{0301}", "👍🏽", "ü", "ç", "Ç", "\u{FEFF}", "—", "ñ"]
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let text = (0..<random.next(200)).map { _ in pieces[random.next(pieces.count)] }.joined()
            #expect(SMSSize(measuring: text) == SMSSize(measuringByCharacter: text), "\(text.debugDescription)")
            #expect(SMSText.mappingTypography(text) == SMSText.mappingTypographyByCharacter(text), "\(text.debugDescription)")
        }
    }
}
