import Foundation
import PengingatCore
import PengingatTemplates
import Testing

/// The rendered sample of every kind, kept as reviewable text files in `Snapshots/`.
/// Run with PENGINGAT_UPDATE_SNAPSHOTS=1 to rewrite them after an intended change, then
/// read the diff before committing.
@Suite("Rendered message snapshots")
struct SnapshotTests {
    static let updating = ProcessInfo.processInfo.environment["PENGINGAT_UPDATE_SNAPSHOTS"] == "1"

    @Test("each kind's sample text matches its snapshot", arguments: MessageKind.allCases)
    func matchesSnapshot(kind: MessageKind) throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in [Household.Language.indonesian, .sundanese] where catalogue.hasOwnTemplate(kind, language: language) {
            let message = try catalogue.render(kind, language: language, values: kind.sampleValues(language: language))
            let path = "\(Paths.snapshots)/\(language.rawValue)/\(kind.rawValue).txt"
            let rendered = message.text + "\n"
            if Self.updating {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try rendered.write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(rendered == expected, "\(path) differs; rerun with PENGINGAT_UPDATE_SNAPSHOTS=1 if intended")
        }
    }

    @Test("an immunisation without a known session, in both languages, matches its snapshot")
    func immunisationWithoutSession() throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in [Household.Language.indonesian, .sundanese] {
            var values = MessageKind.immunisationDue.sampleValues(language: language)
            for name in ["kapan", "jam", "tempat"] { values[name] = nil }
            let message = try catalogue.render(.immunisationDue, language: language, values: values)
            #expect(!message.text.contains("08.00"))
            let path = "\(Paths.snapshots)/\(language.rawValue)/immunisation-due-without-session.txt"
            if Self.updating {
                try (message.text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            #expect(message.text + "\n" == (try String(contentsOfFile: path, encoding: .utf8)), "\(path) differs")
        }
    }
}
