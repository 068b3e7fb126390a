import Foundation
import PengingatService
import PengingatTemplates
import Testing

@Suite("Configuration file")
struct ConfigurationTests {
    @Test("the shipped configuration loads, and its templates and WhatsApp mapping load with it")
    func shipped() throws {
        let path = Fixtures.repositoryRoot + "/Config/pengingat.yaml"
        var configuration = try PengingatConfiguration.load(path: path)
        #expect(configuration.templates.maxReminderSegments == 1)
        #expect(configuration.templates.mapTypography)
        #expect(configuration.whatsAppTemplates["p2k2-reminder-day-before"]?.name == "pkh_p2k2_pengingat")
        configuration.templates.directory = Fixtures.repositoryRoot + "/Templates"
        let catalogue = try configuration.loadTemplates(configurationPath: path)
        #expect(catalogue.whatsAppTemplates[.scheduleAnswer]?.parameters == ["nama", "kelompok", "tanggal", "jam", "tempat"])
    }

    @Test("no file, or an empty one, means the defaults")
    func defaults() throws {
        #expect(try PengingatConfiguration.load(path: nil) == PengingatConfiguration())
        let empty = try Fixtures.folder(["kosong.yaml": "\n"])
        #expect(try PengingatConfiguration.load(path: empty + "/kosong.yaml") == PengingatConfiguration())
        let partial = try Fixtures.folder(["sebagian.yaml": "templates:\n  max_reminder_segments: 2\n"])
        let loaded = try PengingatConfiguration.load(path: partial + "/sebagian.yaml")
        #expect(loaded.templates == TemplateSettings(maxReminderSegments: 2))
    }

    @Test("a broken file says where and what, with a code")
    func errors() throws {
        let folder = try Fixtures.folder([
            "rusak.yaml": "templates:\n  dir: [Templates\n",
            "salah.yaml": "templates:\n  max_reminder_segments: satu\n",
        ])
        #expect(throws: ConfigurationError(path: "/tidak/ada.yaml", reason: .unreadable)) {
            try PengingatConfiguration.load(path: "/tidak/ada.yaml")
        }
        do {
            _ = try PengingatConfiguration.load(path: folder + "/rusak.yaml")
            Issue.record("read broken YAML")
        } catch {
            #expect(error.code == "CFG02")
        }
        do {
            _ = try PengingatConfiguration.load(path: folder + "/salah.yaml")
            Issue.record("read a word as a number")
        } catch {
            #expect(error.code == "CFG03")
            #expect(error.explanation.contains("templates.max_reminder_segments"))
        }
    }
}
