import Foundation
import Testing

/// LibreOffice (Debian's libreoffice-calc-nogui, installed by `make test-deps`), headless: writes
/// real .xlsx workbooks from CSV files the way a facilitator's spreadsheet program would, with
/// an Indonesian locale (dates read day first, numbers typed as numbers).
enum LibreOffice {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Converts the CSV files of `folder` into a new folder of .xlsx workbooks, one per file.
    static func convert(csvFolder folder: String) throws -> String {
        let output = NSTemporaryDirectory() + "pengingat-xlsx-" + UUID().uuidString
        let profile = NSTemporaryDirectory() + "pengingat-lo-profile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
            .map { folder + "/" + $0 }
        guard let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
            .first(where: FileManager.default.isExecutableFile(atPath:))
        else { throw Failed(description: "LibreOffice tidak terpasang: jalankan make test-deps (libreoffice-calc-nogui).") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        // Its own profile, so tests converting at once do not share LibreOffice's lock.
        // CSV:59,34,76,1,,1057 = ';' separated, '"' quoted, UTF-8, from line 1, Indonesian locale.
        process.arguments = ["-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "xlsx",
                             "--infilter=CSV:59,34,76,1,,1057", "--outdir", output] + files
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let written = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".xlsx") }
        guard process.terminationStatus == 0, written.count == files.count else {
            throw Failed(description: "LibreOffice wrote \(written.count) of \(files.count) workbooks (exit \(process.terminationStatus)).")
        }
        return output
    }
}
