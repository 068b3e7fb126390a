import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatTemplates
import PengingatWeb

extension MeetingCommand {
    /// `pengingat pertemuan daftar-hadir ID`: the meeting's printable attendance sheet, the very
    /// HTML the group page's "Cetak daftar hadir" opens (the same desk read, the same template).
    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daftar-hadir",
            abstract: "Menulis daftar hadir satu pertemuan (HTML siap cetak, A4, 30 KPM per lembar).",
            discussion: """
                Memuat nama kelompok, tanggal, tempat, topik dan sesi kurikulum, setiap KPM aktif kelompok itu
                (nomor, nama pengurus, ID KPM, kolom tanda tangan; ketua ditandai) dan tempat tanda tangan
                pendamping. Buka berkasnya di peramban lalu cetak.
                """,
            aliases: ["sheet"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Argument(help: ArgumentHelp("ID pertemuan, misalnya KLP-01/2026-12.", valueName: "ID"))
        var id: String

        @Option(name: [.customLong("keluaran"), .customLong("output")],
                help: ArgumentHelp("Berkas HTML yang ditulis (bawaan: keluaran standar).", valueName: "PATH"))
        var output: String?

        func run() async throws {
            let logger = Logger(label: "pengingat.meeting")
            let html: String
            let sheet: AttendanceSheetView
            do {
                let settings = try configuration.load()
                let pages = try await PageRenderer.load(directory: settings.web.templatesDirectory)
                let desk = FacilitatorDesk(
                    store: try await store.openStore(logger: logger), rules: try PlanningRules.load(settings),
                    catalogue: try settings.loadTemplates(configurationPath: configuration.resolvedPath), settings: settings,
                    logger: logger)
                // The command line serves whoever runs it on the whole roster, as the other meeting commands do.
                sheet = try await desk.attendanceSheet(meetingID: id, in: .everything)
                html = pages.attendanceSheet(sheet)
            } catch {
                throw fail(error, exitCode: 1)
            }
            guard let output else {
                print(html, terminator: "")
                return
            }
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                StandardError.write("Gagal: [PTM01] Berkas \(output) tidak bisa ditulis: \(error.localizedDescription).\n"
                    + "  Perbaikan: periksa foldernya ada dan boleh ditulis, atau pilih jalur lain dengan --keluaran.\n")
                throw ExitCode(1)
            }
            print("Daftar hadir \(sheet.meetingID) ditulis ke \(output): \(sheet.households) KPM, \(sheet.pages.count) lembar A4.")
        }
    }
}
