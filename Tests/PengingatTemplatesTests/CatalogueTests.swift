import Foundation
import PengingatCore
import PengingatTemplates
import Testing

@Suite("Template catalogue")
struct CatalogueTests {
    @Test("the shipped catalogue loads and passes its own check")
    func shippedPasses() throws {
        let catalogue = try TemplateCatalogue.shipped()
        let report = catalogue.check()
        #expect(report.problems.isEmpty, "\(report.problems.map(\.description))")
        for kind in MessageKind.allCases {
            #expect(catalogue.hasOwnTemplate(kind, language: .indonesian), "\(kind)")
            if kind.requiresSundanese {
                #expect(catalogue.hasOwnTemplate(kind, language: .sundanese), "\(kind) needs Sundanese")
            }
        }
    }

    @Test("every kind renders in every language it has, with every required value in its text",
          arguments: MessageKind.allCases)
    func everyKindRenders(kind: MessageKind) throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in Household.Language.allCases {
            let values = kind.sampleValues(language: language)
            let message = try catalogue.render(kind, language: language, values: values)
            #expect(!message.text.isEmpty)
            #expect(!message.text.contains("{{") && !message.text.contains("}}"))
            #expect(!message.text.contains("  "), "double space in \(kind) [\(language)]")
            if case .text(let name)? = values["nama"], kind != .facilitatorDigest {
                #expect(message.text.contains(name), "\(kind) [\(language)] does not address the reader")
            }
            // Javanese has no templates yet: its readers get Indonesian.
            let expected: Household.Language = catalogue.hasOwnTemplate(kind, language: language) ? language : .indonesian
            #expect(message.language == expected)
        }
    }

    @Test("reminders fit one SMS with a typical name and place", arguments: MessageKind.allCases.filter(\.isReminder))
    func remindersFitOneSMS(kind: MessageKind) throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in [Household.Language.indonesian, .sundanese] {
            let message = try catalogue.render(kind, language: language, values: kind.sampleValues(language: language))
            #expect(message.smsSize.encoding == .gsm7, "\(kind) [\(language)]: \(message.smsSize.nonGSMCharacters)")
            #expect(message.smsSize.segments == 1, "\(kind) [\(language)] \(message.smsSize.units): \(message.smsText)")
        }
    }

    @Test("a template with an unknown variable fails to load, naming file, line and column")
    func unknownVariable() throws {
        let folder = try Paths.temporaryFolder([
            "id/p2k2-reminder-day-before.mustache": "{{sapaan}} {{nama}},\nbesok P2K2 di {{tempat_rapat}}.\n",
        ])
        do {
            _ = try TemplateCatalogue.shipped(overrideDirectory: folder)
            Issue.record("loaded a template with an unknown variable")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(error.problems.count == 1)
            #expect(problem.code == "TPL02")
            #expect(problem.file == folder + "/id/p2k2-reminder-day-before.mustache")
            #expect(problem.line == 2)
            #expect(problem.column == 15)
            #expect(problem.explanation.contains("tempat_rapat"))
            #expect(problem.remedy.contains("tempat"))
        }
    }

    @Test("syntax errors, unsupported tags, unknown files and lists used as text are all reported at once")
    func manyProblems() throws {
        let folder = try Paths.temporaryFolder([
            "id/p2k2-cancelled.mustache": "{{sapaan}} {{nama}}\n{{#tanggal_lama}}\n",
            "su/p2k2-cancelled.mustache": "{{> kaki}} {{nama}}",
            "id/relay-digest.mustache": "{{titipan}}",
            "id/pengingat-lain.mustache": "{{nama}}",
            "web/halaman.mustache": "{{apa.saja}}",
        ])
        do {
            _ = try TemplateCatalogue.shipped(overrideDirectory: folder)
            Issue.record("loaded a broken catalogue")
        } catch {
            let codes = Set(error.problems.map(\.code))
            #expect(codes == ["TPL01", "TPL05", "TPL06", "TPL08"], "\(error.problems)")
            let syntax = try #require(error.problems.first { $0.code == "TPL01" })
            #expect(syntax.file.hasSuffix("id/p2k2-cancelled.mustache"))
            #expect(syntax.line != nil)
            // The web folder is not a message language and is not read.
            #expect(!error.problems.contains { $0.file.contains("/web/") })
        }
    }

    @Test("a catalogue without an Indonesian template for a kind does not load")
    func missingIndonesian() throws {
        let folder = try Paths.temporaryFolder(["su/broadcast.mustache": "{{isi}}"])
        do {
            _ = try TemplateCatalogue.load(settings: TemplateSettings(directory: folder))
            Issue.record("loaded without Indonesian templates")
        } catch {
            #expect(error.problems.filter { $0.code == "TPL03" }.count == MessageKind.allCases.count)
            #expect(error.problems.contains { $0.file == folder + "/id/broadcast.mustache" })
        }
    }

    @Test("an operator's folder replaces shipped templates kind by kind")
    func overrides() throws {
        let folder = try Paths.temporaryFolder([
            "id/broadcast.mustache": "PENGUMUMAN: {{isi}} ({{pendamping}})",
        ])
        let catalogue = try TemplateCatalogue.shipped(overrideDirectory: folder)
        let broadcast = try catalogue.render(.broadcast, language: .indonesian, values: ["isi": "Rapat", "pendamping": "Rina"])
        #expect(broadcast.text == "PENGUMUMAN: Rapat (Rina)")
        #expect(catalogue.entry(for: .broadcast, language: .indonesian)?.isOverride == true)
        // Other kinds still come from the shipped folder.
        #expect(catalogue.entry(for: .p2k2DayBefore, language: .indonesian)?.isOverride == false)
    }

    @Test("values are text, not HTML: names with & < > and quotes come through as written")
    func noHTMLEscaping() throws {
        let catalogue = try TemplateCatalogue.shipped()
        let message = try catalogue.render(
            .replyAcknowledgement, language: .indonesian, values: ["sapaan": "Ibu", "nama": "Ani & \"Tuti\" <Rt 3>"])
        #expect(message.text.contains("Ani & \"Tuti\" <Rt 3>"))
        #expect(!message.text.contains("&amp;"))
    }

    @Test("values that do not match the kind's variables are refused")
    func valueValidation() throws {
        let catalogue = try TemplateCatalogue.shipped()
        #expect(throws: TemplateRenderError(kind: .broadcast, reason: .missingValue("pendamping"))) {
            try catalogue.render(.broadcast, language: .indonesian, values: ["isi": "x"])
        }
        #expect(throws: TemplateRenderError(kind: .broadcast, reason: .undeclaredValue("nama"))) {
            try catalogue.render(.broadcast, language: .indonesian, values: ["isi": "x", "pendamping": "R", "nama": "A"])
        }
        var values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["daring"] = "ya"
        #expect(throws: TemplateRenderError(kind: .p2k2DayBefore, reason: .wrongShape("daring"))) {
            try catalogue.render(.p2k2DayBefore, language: .indonesian, values: values)
        }
    }

    @Test("optional values may be left out and their sentence disappears")
    func optionalValues() throws {
        let catalogue = try TemplateCatalogue.shipped()
        var values = MessageKind.p2k2DayBefore.sampleValues(language: .indonesian)
        values["topik"] = nil
        values["kapan"] = nil
        values["daring"] = true
        values["tempat"] = "Grup WhatsApp Kelompok Sauyunan"
        let message = try catalogue.render(.p2k2DayBefore, language: .indonesian, values: values)
        #expect(message.text == "Ibu Siti Aminah, Selasa, 8 Desember pukul 09.00 WIB ada P2K2 lewat Grup WhatsApp Kelompok Sauyunan. Ditunggu.")
    }

    @Test("WhatsApp templates carry their parameters in order; a bad mapping does not load")
    func whatsApp() throws {
        let mapping = ["schedule-answer": WhatsAppTemplate(name: "pkh_jadwal", language: "id", parameters: ["nama", "jam"])]
        let catalogue = try TemplateCatalogue.shipped(whatsApp: mapping)
        let message = try catalogue.render(
            .scheduleAnswer, language: .indonesian, values: MessageKind.scheduleAnswer.sampleValues(language: .indonesian))
        #expect(message.whatsApp?.template.name == "pkh_jadwal")
        #expect(message.whatsApp?.parameters == ["Siti Aminah", "09.00 WIB"])

        do {
            _ = try TemplateCatalogue.shipped(whatsApp: [
                "schedule-answer": WhatsAppTemplate(name: "x", language: "id", parameters: ["alamat"]),
                "tidak-ada": WhatsAppTemplate(name: "y", language: "id", parameters: []),
            ])
            Issue.record("loaded a bad WhatsApp mapping")
        } catch {
            #expect(error.problems.map(\.code) == ["TPL07", "TPL07"])
        }
    }

    @Test("the length check measures the configured strings: the longest topic decides")
    func configuredStrings() throws {
        let catalogue = try TemplateCatalogue.shipped()
        #expect(catalogue.check(configured: ConfiguredStrings(topics: ["Gizi Ibu Hamil"])).passed)
        let long = catalogue.check(configured: ConfiguredStrings(topics: ["Gizi Ibu Hamil", "Pentingnya Gizi dan Kesehatan Ibu Hamil dan Menyusui"]))
        #expect(long.problems.map(\.code).allSatisfy { $0 == "TPL09" } && long.problems.count >= 2)
        #expect(long.problems.contains { $0.file.hasSuffix("/id/p2k2-reminder-day-before.mustache") })
    }

    @Test("a reminder over the segment budget fails the check")
    func segmentBudget() throws {
        let long = String(repeating: "Mohon hadir tepat waktu. ", count: 8)
        let folder = try Paths.temporaryFolder(["id/vitamin-a.mustache": "{{sapaan}} {{nama}}, \(long)"])
        let report = try TemplateCatalogue.shipped(overrideDirectory: folder).check()
        #expect(report.problems.map(\.code) == ["TPL09"])
        #expect(report.problems.first?.file == folder + "/id/vitamin-a.mustache")
    }
}

@Suite("Date wording")
struct NearDateWordingTests {
    @Test("a date in the next weeks leaves out the year; a later or past one keeps it")
    func nearDate() {
        let wording = MessageWording(language: .indonesian)
        let today = CalendarDate(year: 2026, month: 12, day: 7)!
        #expect(wording.dateWithWeekday(CalendarDate(year: 2026, month: 12, day: 8)!, near: today) == "Selasa, 8 Desember")
        #expect(wording.dateWithWeekday(CalendarDate(year: 2027, month: 1, day: 12)!, near: today) == "Selasa, 12 Januari")
        #expect(wording.dateWithWeekday(CalendarDate(year: 2027, month: 3, day: 9)!, near: today) == "Selasa, 9 Maret 2027")
        #expect(wording.dateWithWeekday(CalendarDate(year: 2026, month: 12, day: 1)!, near: today) == "Selasa, 1 Desember 2026")
    }
}

/// The rules of `shared/reference/sunda.md` that a reader notices at once, checked on every
/// shipped Sundanese template: one register (lemes), the humble verb for the writer's own
/// visit, the exclusive "we" for the writer's side, nouns where nouns are needed.
@Suite("Sundanese register")
struct SundaneseRegisterTests {
    static let slips: [(phrase: String, why: String)] = [
        ("teu nanaon", "loma; lemes: teu sawios"),
        ("hese", "loma; lemes: sesah"),
        ("eureun", "loma; lemes: lirén"),
        ("sibuk", "Indonesian; seueur kasibukan"),
        ("urang sono", "inclusive urang includes the reader; abdi sadaya"),
        ("patepang salajengna", "a verb; P2K2 salajengna or patepangan salajengna"),
        ("pendamping bade", "the writer in the third person"),
        ("bade sumping", "sumping is the reader's honorific; the writer badé ngalongok"),
        ("badé sumping", "sumping is the reader's honorific; the writer badé ngalongok"),
    ]

    @Test("no shipped Sundanese template slips out of the polite register")
    func register() throws {
        let folder = Paths.repositoryRoot + "/Templates/su"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mustache") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8).lowercased()
            let words = " " + text.map { $0.isLetter ? $0 : " " }.map(String.init).joined() + " "
            for slip in Self.slips where words.contains(" " + slip.phrase + " ") {
                Issue.record("su/\(file): \"\(slip.phrase)\" (\(slip.why))")
            }
        }
    }
}
