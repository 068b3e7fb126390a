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

    /// `text` against `Snapshots/<language>/<name>.txt`, or written there when updating.
    static func expectSnapshot(_ text: String, language: Household.Language, name: String) throws {
        let path = "\(Paths.snapshots)/\(language.rawValue)/\(name).txt"
        if updating {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text + "\n" == expected, "\(path) differs; rerun with PENGINGAT_UPDATE_SNAPSHOTS=1 if intended")
    }

    @Test("each kind's sample text matches its snapshot", arguments: MessageKind.allCases)
    func matchesSnapshot(kind: MessageKind) throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in [Household.Language.indonesian, .sundanese] where catalogue.hasOwnTemplate(kind, language: language) {
            let message = try catalogue.render(kind, language: language, values: kind.sampleValues(language: language))
            try Self.expectSnapshot(message.text, language: language, name: kind.rawValue)
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
            try Self.expectSnapshot(message.text, language: language, name: "immunisation-due-without-session")
        }
    }
}
