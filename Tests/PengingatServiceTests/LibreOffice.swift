import Foundation
import Testing

/// LibreOffice (Debian's libreoffice-calc-nogui, installed by `make test-deps`), headless: writes
/// real .xlsx workbooks from CSV files the way a facilitator's spreadsheet program would, with
/// an Indonesian locale (dates read day first, numbers typed as numbers), and reads workbooks
/// back into CSV the way it shows them.
enum LibreOffice {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Converts the CSV files of `folder` into a new folder of .xlsx workbooks, one per file.
    static func convert(csvFolder folder: String) throws -> String {
        let output = NSTemporaryDirectory() + "pengingat-xlsx-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
            .map { folder + "/" + $0 }
        // CSV:59,34,76,1,,1057 = ';' separated, '"' quoted, UTF-8, from line 1, Indonesian locale.
        let status = try run(["--convert-to", "xlsx", "--infilter=CSV:59,34,76,1,,1057", "--outdir", output] + files)
        let written = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".xlsx") }
        guard status == 0, written.count == files.count else {
            throw Failed(description: "LibreOffice wrote \(written.count) of \(files.count) workbooks (exit \(status)).")
        }
        return output
    }

    /// Every sheet of a workbook as the CSV text LibreOffice writes of it, by sheet name: ','
    /// separated, '"' quoted, UTF-8, cells as shown (a date in its format, a percentage with %).
    static func csvSheets(ofWorkbook workbook: String) throws -> [String: String] {
        let output = NSTemporaryDirectory() + "pengingat-csv-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: output) }
        // Tokens: separator, quote, charset, first line, formats, language, quote all text,
        // detect numbers, as shown, formulas, trim spaces, sheet (-1: each sheet to its own file,
        // "name-Sheet.csv").
        let filter = #"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"#
        // Cells as shown follow the locale of the process (a decimal comma, even the date's
        // separator in de_DE), whatever the language token says: fixed to C, so the expected text holds on any machine.
        let status = try run(["--convert-to", filter, "--outdir", output, workbook], locale: "C.UTF-8")
        let stem = ((workbook as NSString).lastPathComponent as NSString).deletingPathExtension + "-"
        var sheets: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: output) where file.hasPrefix(stem) && file.hasSuffix(".csv") {
            let name = String(file.dropFirst(stem.count).dropLast(4))
            sheets[name] = try String(contentsOfFile: output + "/" + file, encoding: .utf8)
        }
        guard status == 0, !sheets.isEmpty else {
            throw Failed(description: "LibreOffice wrote no CSV of \(workbook) (exit \(status)).")
        }
        return sheets
    }

    /// Runs soffice headless to its end (no time limit: a slow machine is not a failure).
    private static func run(_ arguments: [String], locale: String? = nil) throws -> Int32 {
        guard let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
            .first(where: FileManager.default.isExecutableFile(atPath:))
        else { throw Failed(description: "LibreOffice tidak terpasang: jalankan make test-deps (libreoffice-calc-nogui).") }
        let profile = NSTemporaryDirectory() + "pengingat-lo-profile-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        // Its own profile, so tests converting at once do not share LibreOffice's lock.
        process.arguments = ["-env:UserInstallation=file://" + profile, "--headless"] + arguments
        if let locale {
            var environment = ProcessInfo.processInfo.environment
            environment["LC_ALL"] = locale
            environment["LANG"] = locale
            process.environment = environment
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
