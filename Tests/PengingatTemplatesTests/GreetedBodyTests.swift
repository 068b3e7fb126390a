import Foundation
import PengingatTestSupport
import PropertyBased
import Testing

@testable import PengingatCore
@testable import PengingatTemplates

/// The planner tells a group's meeting reminder once and puts each household's greeting in
/// front (`GreetedBody`), and keeps the greeting apart from the values a group shares. Both are
/// fast paths: each must give exactly what rendering the whole gives.
@Suite("A greeting put in front of a shared rest reads as the whole message rendered")
struct GreetedBodyTests {
    static let names = ["Siti Aminah", "Ibu Ani", "Bapak Asep Saepudin", "Nyi Déwi", "Siti  Aminah", " Siti", "Siti ", "",
                        "Ani ,", "Ani.", "O’Neil", "Siti\nAminah", "Dédé Ruhiyat bin Encep Sukarna Wijayakusumah"]
    static let salutations = ["Ibu", "Bapak", "Bu", ""]

    static func greeting(_ salutation: String, _ name: String) -> TemplateValues {
        ["sapaan": .text(salutation), "nama": .text(name)]
    }

    @Test("every shipped template's greeted text equals its whole render, for real and generated values")
    func shippedTemplates() async throws {
        let catalogue = try TemplateCatalogue.shipped()
        let greeted = MessageKind.allCases.filter { kind in
            [Household.Language.indonesian, .sundanese].contains { language in
                var values = kind.sampleValues(language: language)
                values["sapaan"] = nil
                values["nama"] = nil
                return (try? catalogue.greetedBody(kind, language: language, values: values)) != nil
            }
        }
        // The P2K2 reminders, which are most of a month's messages, take the fast path.
        #expect(Set([.p2k2DaysBefore, .p2k2DayBefore, .p2k2SameDay]).isSubset(of: Set(greeted)))
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            for kind in greeted {
                for language in [Household.Language.indonesian, .sundanese] {
                    var values = random.next(3) == 0
                        ? CompiledTemplateTests.values(for: kind.variables, &random)
                        : kind.realisticValues(language: language)
                    values["sapaan"] = nil
                    values["nama"] = nil
                    let greeting = Self.greeting(Self.salutations[random.next(Self.salutations.count)],
                                                 Self.names[random.next(Self.names.count)])
                    try Self.check(catalogue, kind, language, values, greeting)
                }
            }
        }
    }

    /// The greeted text, when the fast path takes it, is the whole render; its SMS text and size
    /// are the whole text's, mapped and measured.
    static func check(
        _ catalogue: TemplateCatalogue, _ kind: MessageKind, _ language: Household.Language, _ values: TemplateValues,
        _ greeting: TemplateValues
    ) throws {
        var whole = values
        whole.add(greeting)
        let expected = try? catalogue.text(kind, language: language, values: whole)
        guard let body = try catalogue.greetedBody(kind, language: language, values: values),
              let prefix = GreetingPrefix(greeting)
        else { return }
        let text = catalogue.text(body, greeting: prefix)
        #expect(text.text == expected, "\(kind) \(language) \(greeting)")
        #expect(text.smsText == SMSText.mappingTypography(text.text))
        #expect(text.smsSize == SMSSize(measuring: text.smsText), "\(text.smsText.debugDescription)")
    }

    @Test("a greeting that tidying would change is left to the whole render")
    func untidyGreetings() {
        #expect(GreetingPrefix(Self.greeting("Ibu", "Siti Aminah"))?.text == "Ibu Siti Aminah, ")
        for (salutation, name) in [("Ibu", ""), ("", "Siti"), ("Ibu", "Siti  Aminah"), ("Ibu", " Siti"), ("Ibu", "Siti "),
                                   ("Ibu", "Ani ,"), ("Ibu", "Siti\nAminah"), ("Ibu\t", "Siti")] {
            #expect(GreetingPrefix(Self.greeting(salutation, name)) == nil, "\(salutation.debugDescription) \(name.debugDescription)")
        }
    }

    @Test("a template that does not start with the greeting, or whose rest could not stand alone, is rendered whole")
    func otherTemplates() throws {
        let directory = try Paths.temporaryFolder([
            "id/p2k2-reminder-day-before.mustache": "Salam {{sapaan}} {{nama}}, {{tanggal}} pukul {{jam}} P2K2 di {{tempat}}.",
            "id/p2k2-reminder-days-before.mustache": "{{sapaan}} {{nama}}, {{#daring}}.{{/daring}}P2K2 {{tanggal}} {{jam}} {{tempat}}.",
            "id/p2k2-reminder-same-day.mustache": "{{sapaan}} {{nama}}, P2K2 {{jam}} di {{tempat}}. Salam untuk {{nama}}.",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalogue = try TemplateCatalogue.shipped(overrideDirectory: directory)
        var values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["sapaan"] = nil
        values["nama"] = nil
        #expect(try catalogue.greetedBody(.p2k2DayBefore, language: .indonesian, values: values) == nil)
        values["daring"] = true
        #expect(try catalogue.greetedBody(.p2k2DaysBefore, language: .indonesian, values: values) == nil)
        #expect(try catalogue.greetedBody(.p2k2SameDay, language: .indonesian, values: values) == nil)
        values["daring"] = false
        #expect(try catalogue.greetedBody(.p2k2DaysBefore, language: .indonesian, values: values) != nil)
    }

    @Test("values that do not fit the kind fail the greeted body as they fail the whole render")
    func refusals() throws {
        let catalogue = try TemplateCatalogue.shipped()
        var values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["sapaan"] = nil
        values["nama"] = nil
        values["tempat"] = nil
        #expect(throws: TemplateRenderError.self) {
            try catalogue.greetedBody(.p2k2DayBefore, language: .indonesian, values: values)
        }
        values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["sapaan"] = nil
        values["nama"] = nil
        values["hadiah"] = "x"
        #expect(throws: TemplateRenderError(kind: .p2k2DayBefore, reason: .undeclaredValue("hadiah"))) {
            try catalogue.greetedBody(.p2k2DayBefore, language: .indonesian, values: values)
        }
    }

    @Test("a greeting kept apart renders as the same greeting added to the values, and is checked with them")
    func greetingLayer() async throws {
        let catalogue = try TemplateCatalogue.shipped()
        await propertyCheck(count: 100, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            for kind in MessageKind.allCases where kind.variables.contains(where: { $0.name == "nama" }) {
                var values = CompiledTemplateTests.values(for: kind.variables, &random)
                let greeting = Self.greeting(Self.salutations[random.next(Self.salutations.count)],
                                             Self.names[random.next(Self.names.count)])
                if random.next(2) == 0 { values["nama"] = "Tertimpa" }
                var whole = values
                whole.add(greeting)
                let expected = Result { try catalogue.text(kind, language: .indonesian, values: whole) }
                let layered = Result { try catalogue.text(kind, language: .indonesian, values: values, greeting: greeting) }
                #expect((try? layered.get()) == (try? expected.get()), "\(kind)")
            }
        }
        var values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["nama"] = nil
        #expect(throws: TemplateRenderError(kind: .p2k2DayBefore, reason: .undeclaredValue("umur"))) {
            try catalogue.text(.p2k2DayBefore, language: .indonesian, values: values, greeting: ["nama": "Ani", "umur": "30"])
        }
        #expect(throws: TemplateRenderError(kind: .p2k2DayBefore, reason: .missingValue("nama"))) {
            try catalogue.text(.p2k2DayBefore, language: .indonesian, values: values, greeting: ["sapaan": "Ibu"])
        }
    }

    @Test("two texts' SMS sizes join only where the sum is certain")
    func joinedSizes() async {
        let pieces = ["a", " ", "é", "Δ", "[", "€", "👍🏽", "\r", "\n", "x"]
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let first = (0..<random.next(120)).map { _ in pieces[random.next(pieces.count)] }.joined()
            let second = (0..<random.next(120)).map { _ in pieces[random.next(pieces.count)] }.joined()
            guard let joined = SMSSize.joined(SMSSize(measuring: first), SMSSize(measuring: second)) else { return }
            #expect(joined == SMSSize(measuring: first + second), "\(first.debugDescription) + \(second.debugDescription)")
        }
        #expect(SMSSize.joined(SMSSize(measuring: String(repeating: "a", count: 100)), SMSSize(measuring: String(repeating: "b", count: 61))) == nil)
        #expect(SMSSize.joined(SMSSize(measuring: "Ibu "), SMSSize(measuring: "👍🏽")) == nil)
    }
}
