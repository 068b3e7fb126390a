import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore

extension ReportCommand {
    /// `pengingat laporan bulanan`: one month per facilitator and group, from the same
    /// `MonthlyReportBuilder` the page `/laporan` and the API read.
    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bulanan",
            abstract: "Laporan satu bulan per pendamping dan kelompok: pertemuan, kehadiran, tindak lanjut, verifikasi, pesan dan biaya.",
            discussion: """
                Untuk setiap kelompok: pertemuan bulan itu (terlaksana, dibatalkan, belum berlangsung) dengan topiknya, \
                kehadiran (hadir dibagi KPM yang dicatat), KPM yang tidak hadir atau izin dan tindak lanjutnya (pesan \
                penyemangat, kunjungan rumah), hasil verifikasi komitmen, pesan terkirim, sampai dan gagal, serta \
                perkiraan biayanya. Bulan sebuah kelompok dihitung di zona waktunya sendiri.

                Bentuk teks untuk layar; csv satu baris per kelompok (pemisah titik koma, siap dibuka Excel); xlsx \
                buku kerja dengan lembar Ringkasan, Pertemuan, Tidak hadir, Verifikasi, Tidak memenuhi dan Pesan.
                """,
            aliases: ["monthly"])

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text = "teks", csv, xlsx

            init?(argument: String) {
                switch argument.lowercased() {
                case "teks", "text": self = .text
                case "csv": self = .csv
                case "xlsx": self = .xlsx
                default: return nil
                }
            }
        }

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Option(name: [.customLong("bulan"), .customLong("month")],
                help: ArgumentHelp("Bulan laporan, misalnya 2027-03 (bawaan: bulan lalu, yang sudah selesai).", valueName: "TAHUN-BULAN"))
        var month: String?

        @Option(name: [.customLong("pendamping"), .customLong("facilitator")],
                help: ArgumentHelp("Hanya kelompok pendamping ini.", valueName: "ID"))
        var facilitatorID: String?

        @Option(name: [.customLong("kelompok"), .customLong("group")], help: ArgumentHelp("Hanya kelompok ini.", valueName: "ID"))
        var groupID: String?

        @Option(name: [.customLong("format"), .customLong("bentuk")], help: "teks, csv atau xlsx.")
        var format: Format = .text

        @Option(name: [.customLong("keluaran"), .customLong("output")],
                help: ArgumentHelp("Berkas yang ditulis (wajib untuk xlsx; tanpa ini teks dan csv ke keluaran standar).",
                                   valueName: "PATH"))
        var output: String?

        @Option(name: [.customLong("bagian"), .customLong("part")],
                help: ArgumentHelp("Untuk csv: tabel mana (ringkasan, pertemuan, tidak-hadir, verifikasi, tidak-memenuhi, pesan; bawaan ringkasan).",
                                   valueName: "NAMA"))
        var part: String?

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        func run() async throws {
            let now = at ?? SystemClock.now()
            let report: MonthlyReport
            do {
                let chosen = try Self.month(month, today: latestDateInIndonesia(now: now))
                if format == .xlsx, output == nil { throw ReportError(.outputNeeded(format: "xlsx")) }
                let logger = Logger(label: "pengingat.report")
                let settings = try configuration.load()
                let database = try await store.openStore(logger: logger)
                let builder = MonthlyReportBuilder(store: database, rules: try PlanningRules.load(settings), prices: settings.broadcasts.prices)
                // The command line serves whoever runs it on the whole roster; --pendamping narrows it.
                report = try await builder.build(.init(month: chosen, scope: .everything, facilitatorID: facilitatorID, groupID: groupID,
                                                       now: now))
            } catch {
                throw fail(error, exitCode: 1)
            }
            let bytes: Data
            switch format {
            case .text:
                bytes = Data(MonthlyReportText(report).render().utf8)
            case .csv:
                guard let table = MonthlyReport.TableName(rawValue: part ?? MonthlyReport.TableName.summary.rawValue) else {
                    throw fail(ReportError(.unknownPart(part ?? "")), exitCode: 1)
                }
                bytes = Data(report.table(table).csv.utf8)
            case .xlsx:
                do {
                    bytes = try MonthlyReportWorkbook.data(report)
                } catch {
                    throw fail(error, exitCode: 1)
                }
            }
            guard let output else {
                FileHandle.standardOutput.write(bytes)
                return
            }
            do {
                try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw fail(ReportError(.unwritable(path: output, detail: error.localizedDescription)), exitCode: 1)
            }
            print("Laporan \(MonthlyReport.monthName(report.month)) ditulis ke \(output): \(report.totals.groups) kelompok.")
        }

        /// The month asked for, or the one before `today`'s: a report is written once its month is over.
        static func month(_ text: String?, today: CalendarDate) throws(ReportError) -> CalendarMonth {
            guard let text else { return CalendarMonth(today).adding(months: -1) }
            guard let month = CalendarMonth(parsing: text.trimmingWhitespace()) else { throw ReportError(.invalidMonth(text)) }
            return month
        }
    }
}
