import Foundation
import ArgumentParser
import PengingatCore
import PengingatService
import PengingatTemplates

struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templat",
        abstract: "Memeriksa templat pesan.",
        subcommands: [Check.self],
        defaultSubcommand: Check.self,
        aliases: ["templates"]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "periksa",
            abstract: "Memeriksa semua templat: variabel, contoh pesan, pengodean dan jumlah SMS.",
            discussion: """
                Setiap jenis pesan dalam Bahasa Indonesia dan Sunda ditampilkan dengan contoh isinya.
                Kode keluar 0 bila semua benar, 1 bila ada templat yang salah atau pengingat yang
                melebihi batas jumlah SMS (templates.max_reminder_segments).
                """,
            aliases: ["check"])

        @OptionGroup var configuration: ConfigurationOptions

        @Option(name: [.customLong("dir"), .customLong("folder")],
                help: ArgumentHelp("Folder templat Anda sendiri yang menggantikan templat bawaan.", valueName: "D"))
        var overrideDirectory: String?

        @Flag(name: [.customLong("singkat"), .customLong("brief")], help: "Hanya tampilkan masalah dan ringkasan.")
        var brief = false

        func run() async throws {
            var settings: PengingatConfiguration
            do {
                settings = try configuration.load()
            } catch {
                throw fail(error, exitCode: 1)
            }
            if let overrideDirectory { settings.templates.overrideDirectory = overrideDirectory }
            let catalogue: TemplateCatalogue
            do {
                catalogue = try settings.loadTemplates(configurationPath: configuration.resolvedPath)
            } catch {
                print(Self.describe(error.problems))
                print("Templat tidak bisa dimuat: \(error.problems.count) masalah.")
                throw ExitCode(1)
            }
            // Measured with the strings the configuration puts into messages; when the rule
            // files cannot be read, with the samples alone (`rencana` reports those files).
            let rules = try? PlanningRules.load(settings)
            let report = catalogue.check(configured: rules.map(\.configuredStrings) ?? ConfiguredStrings())
            if !brief { print(Self.describe(report.lines, catalogue: catalogue)) }
            if !report.problems.isEmpty { print(Self.describe(report.problems)) }
            let ownFiles = report.lines.filter { !$0.isFallback }.count
            print(
                "\(ownFiles) templat, \(MessageKind.allCases.count) jenis pesan, "
                    + (report.passed ? "semua benar." : "\(report.problems.count) masalah."))
            // The holiday file's years, as far as a month's plan reaches: a warning, not a failure.
            if let rules {
                for warning in HolidayYearWarning.lines(rules.holidays, horizon: Planner.Horizon(now: Date(), days: 31),
                                                        file: settings.planner.holidaysFile) {
                    print(warning)
                }
            }
            if !report.passed { throw ExitCode(1) }
        }

        static func describe(_ lines: [TemplateCheckLine], catalogue: TemplateCatalogue) -> String {
            var text: [String] = []
            for line in lines {
                let origin = line.isFallback ? "memakai templat Bahasa Indonesia" : line.path + (line.isOverride ? " (pengganti)" : "")
                text.append("\(line.kind.rawValue) [\(line.language.rawValue)] \(origin)")
                if line.language == .indonesian {
                    let names = line.kind.variables.map { $0.name + ($0.isOptional ? "?" : "") }
                    text.append("  variabel: " + names.joined(separator: ", "))
                    if let whatsApp = catalogue.whatsAppTemplates[line.kind] {
                        text.append("  WhatsApp: \(whatsApp.name) (\(whatsApp.language)) [\(whatsApp.parameters.joined(separator: ", "))]")
                    }
                }
                if !line.isFallback {
                    let size = line.sample.smsSize
                    text.append("  contoh: " + line.sample.smsText.replacingOccurrences(of: "\n", with: "\n          "))
                    var measure = "  \(size.encoding.rawValue), \(size.units) karakter, \(size.segments) SMS"
                    if !size.nonGSMCharacters.isEmpty {
                        measure += " (karena \(size.nonGSMCharacters.map { String($0) }.joined(separator: " ")))"
                    }
                    if line.kind.isReminder { measure += ", pengingat" }
                    text.append(measure)
                }
            }
            return text.joined(separator: "\n")
        }

        static func describe(_ problems: [TemplateProblem]) -> String {
            (["", "Masalah:"] + problems.map { "  ✗ \($0.description)" }).joined(separator: "\n")
        }
    }
}
