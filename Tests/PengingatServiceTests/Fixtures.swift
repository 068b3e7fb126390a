import Foundation
import PengingatCore

/// Paths into the repository, found from this file's own location.
enum Fixtures {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let sampleRoster = repositoryRoot + "/Config/contoh"
    static let faultyRoster = repositoryRoot + "/Config/contoh-kotor"

    /// The sample roster's reference date (Config/contoh/README.md).
    static let referenceDate = CalendarDate(year: 2026, month: 11, day: 16)!

    /// Writes files into a new temporary folder and returns its path.
    static func folder(_ files: [String: String], bom: Bool = false, crlf: Bool = false) throws -> String {
        let path = NSTemporaryDirectory() + "pengingat-import-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            var body = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
            if bom { body = "\u{FEFF}" + body }
            try body.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }
}
