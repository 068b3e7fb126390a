import PengingatCore
import Foundation
import PengingatTemplates

enum Paths {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let shippedTemplates = repositoryRoot + "/Templates"
    static let snapshots = repositoryRoot + "/Tests/PengingatTemplatesTests/Snapshots"

    static func temporaryFolder(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "pengingat-templates-" + UUID().uuidString
        for (relative, text) in files {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }
}

extension TemplateCatalogue {
    static func shipped(
        overrideDirectory: String? = nil, whatsApp: [String: WhatsAppTemplate] = [:]
    ) throws(TemplateCatalogueError) -> TemplateCatalogue {
        try TemplateCatalogue.load(
            settings: TemplateSettings(directory: Paths.shippedTemplates, overrideDirectory: overrideDirectory),
            whatsAppTemplates: whatsApp)
    }
}
