import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Catatan pengiriman: setiap percobaan, perubahan keadaan dan laporan terkirim.")

    @OptionGroup var store: StoreOptions

    @Option(name: [.customLong("kpm")], help: ArgumentHelp("Hanya pesan untuk KPM ini.", valueName: "ID"))
    var householdID: String?

    @Option(name: [.customLong("status")],
            help: ArgumentHelp("Hanya pesan dalam keadaan ini: queued, sending, accepted, delivered, failed, expired, cancelled, opted_out, unconfirmed.",
                               valueName: "S"))
    var status: String?

    @Option(name: [.customLong("sejak"), .customLong("since")], help: ArgumentHelp("Mulai tanggal ini.", valueName: "TANGGAL"),
            transform: parseDateArgument)
    var since: CalendarDate?

    @Option(name: [.customLong("jumlah"), .customLong("limit")], help: "Paling banyak sekian baris terakhir.")
    var limit = 200

    func run() async throws {
        var state: OutboxState?
        if let status {
            guard let parsed = OutboxState(rawValue: status) else {
                StandardError.write("Keadaan \(status) tidak dikenal. Pilihan: \(OutboxState.allCases.map(\.rawValue).joined(separator: ", ")).\n")
                throw ExitCode(1)
            }
            state = parsed
        }
        let entries: [DeliveryLogEntry]
        do {
            let database = try await store.openStore(logger: Logger(label: "pengingat.log"))
            entries = try await database.deliveryLog(DeliveryLogFilter(
                householdID: householdID, state: state,
                since: since.map { LocalDateTime(date: $0, time: .midnight).instant(in: .wib) }, limit: limit))
        } catch {
            throw fail(error, exitCode: 1)
        }
        var table = TextTable(header: ["Waktu (WIB)", "Pesan", "Kejadian", "Gateway", "HTTP", "ms", "Keadaan", "Keterangan"])
        for entry in entries {
            let at = LocalDateTime(entry.at, in: .wib)
            let change = [entry.fromState?.rawValue, entry.toState?.rawValue].compactMap { $0 }.joined(separator: " → ")
            table.rows.append([
                "\(at.date.slashed) \(at.time)", entry.messageKey, entry.event.rawValue, entry.gateway ?? "",
                entry.httpStatus.map(String.init) ?? "", entry.latencyMilliseconds.map(String.init) ?? "", change,
                entry.error ?? entry.detail ?? "",
            ])
        }
        print(table.render())
        print("\(entries.count) baris.")
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laporan",
        abstract: "Laporan untuk pendamping dan operator.",
        subcommands: [Delivery.self, Monthly.self],
        defaultSubcommand: Delivery.self,
        aliases: ["report"])

    struct Delivery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pengiriman",
            abstract: "Per kelompok: pesan direncanakan, terkirim, sampai, gagal, tertunda; nomor yang terus gagal.",
            aliases: ["delivery"])

        @OptionGroup var store: StoreOptions

        @Option(name: [.customLong("sejak"), .customLong("since")], help: ArgumentHelp("Mulai tanggal ini (bawaan: 30 hari lalu).", valueName: "TANGGAL"),
                transform: parseDateArgument)
        var since: CalendarDate?

        @Option(name: [.customLong("sampai"), .customLong("until")], help: ArgumentHelp("Sampai tanggal ini (bawaan: 30 hari lagi).", valueName: "TANGGAL"),
                transform: parseDateArgument)
        var until: CalendarDate?

        func run() async throws {
            let today = latestDateInIndonesia()
            let first = LocalDateTime(date: since ?? today.adding(days: -30), time: .midnight).instant(in: .wib)
            let last = LocalDateTime(date: (until ?? today.adding(days: 30)).adding(days: 1), time: .midnight).instant(in: .wib)
            let summary: DeliverySummary
            do {
                let database = try await store.openStore(logger: Logger(label: "pengingat.report"))
                summary = try await database.deliverySummary(dueIn: DateInterval(start: first, end: max(first, last)))
            } catch {
                throw fail(error, exitCode: 1)
            }
            var table = TextTable(header: ["Kelompok", "Direncanakan", "Terkirim", "Sampai", "Gagal", "Tertunda", "Kedaluwarsa", "Ditarik"])
            for group in summary.groups {
                let tally = MessageTally(byState: group.byState)
                table.rows.append([
                    group.groupID, "\(tally.total)", "\(tally.sent)", "\(tally.delivered)", "\(tally.failed)", "\(tally.planned)",
                    "\(tally.expired)", "\(tally.withdrawn)",
                ])
            }
            print(table.render())
            if !summary.failingNumbers.isEmpty {
                print("\nNomor yang terus gagal (periksa atau perbarui nomornya):")
                for number in summary.failingNumbers {
                    print("  \(number.phone.masked): \(number.failures) kali gagal; KPM \(number.households.joined(separator: ", "))")
                }
            }
        }
    }
}
