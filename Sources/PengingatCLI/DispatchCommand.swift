import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import PengingatWeb
import ServiceLifecycle

struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kirim",
        abstract: "Mengirim pesan dari kotak keluar lewat gateway (SMS, WhatsApp, berkas).",
        discussion: """
            Tanpa --sekali, perintah ini terus berjalan: mengambil pesan yang sudah waktunya, mengirim,
            mengulang yang gagal sementara, dan mencatat setiap percobaan serta laporan terkirim.
            Setiap pagi (jam `digest.at` di zona pendamping) ringkasan untuk pendamping juga dibuat.
            Berhenti dengan Ctrl-C atau SIGTERM: pesan yang sedang dikirim diselesaikan dulu.
            Gateway diatur di bagian `gateways` dan `dispatch` berkas konfigurasi.
            """,
        aliases: ["dispatch"])

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigurationOptions

    @Flag(name: [.customLong("sekali"), .customLong("once")], help: "Kirim yang sudah waktunya, tunggu laporannya, lalu selesai.")
    var once = false

    @Option(name: [.customLong("gateway")], help: ArgumentHelp("Kirim semua lewat gateway ini saja.", valueName: "NAMA"))
    var gateway: String?

    @Option(name: [.customLong("pada"), .customLong("at")],
            help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
            transform: parseInstantArgument)
    var at: Date?

    @Option(name: [.customLong("tunggu-laporan"), .customLong("wait-reports")],
            help: "Dengan --sekali: berapa detik menunggu laporan terkirim.")
    var waitSeconds: Double = 30

    func run() async throws {
        let logger = Logger(label: "pengingat.dispatch")
        let settings: PengingatConfiguration
        let database: any PengingatStore
        let databaseClient: (any Service)?
        let gateways: GatewayRegistry
        let rules: PlanningRules
        let catalogue: TemplateCatalogue
        do {
            settings = try configuration.load()
            if once {
                (database, databaseClient) = (try await store.openStore(logger: logger), nil)
            } else {
                (database, databaseClient) = try await store.openForServices(logger: logger)
            }
            gateways = try GatewayRegistry.build(settings, logger: logger)
            rules = try PlanningRules.load(settings)
            catalogue = try settings.loadTemplates(configurationPath: configuration.resolvedPath)
        } catch {
            throw fail(error, exitCode: 1)
        }
        if let gateway, !gateways.names.contains(gateway) {
            StandardError.write("Gateway \(gateway) tidak ada. Yang tersedia: \(gateways.names.joined(separator: ", ")).\n")
            throw ExitCode(1)
        }
        defer { gateways.transport?.shutdown() }
        // A fixed "now" moves with the real clock from the moment given, so waits still pass.
        let offset = at.map { $0.timeIntervalSinceNow } ?? 0
        let clock: @Sendable () -> Date = { Date().addingTimeInterval(offset) }
        let built = PengingatServices(
            settings: settings, store: database, databaseClient: databaseClient, gateways: gateways, rules: rules,
            catalogue: catalogue, environment: ProcessInfo.processInfo.environment, logger: logger, now: clock
        ).build(site: nil, onlyGateway: gateway)
        guard let dispatcher = built.dispatcher else { return }

        if once {
            try await drain(dispatcher, listener: built.web, listening: built.listening, store: database, logger: logger)
            return
        }
        let services = built.services
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        StandardError.write("Mengirim… (Ctrl-C untuk berhenti)\n")
        try await group.run()
    }

    /// Sends what is due, then keeps the callback listener up until every accepted message has
    /// its final report or the wait is over.
    private func drain(_ dispatcher: Dispatcher, listener: WebService?, listening: ListenerReadiness?, store: any PengingatStore,
                       logger: Logger) async throws {
        // The listener runs as a service so that it is stopped by a graceful shutdown, not by a
        // cancellation, which the web server reports as an error on every normal exit.
        let group = listener.map { ServiceGroup(configuration: .init(services: [.init(service: $0)], logger: logger)) }
        let summary = try await withThrowingTaskGroup(of: Dispatcher.Summary?.self) { tasks in
            if let group {
                tasks.addTask {
                    do { try await group.run() } catch {
                        listening?.fail(error)
                        throw error
                    }
                    return nil
                }
            }
            // A listener that cannot bind fails the drain with its own error (see `listening`).
            let summary = try await dispatcher.drain()
            if listener != nil {
                let deadline = Date().addingTimeInterval(waitSeconds)
                while Date() < deadline, try await awaitingReports(store) > 0 {
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            await group?.triggerGracefulShutdown()
            while try await tasks.next() != nil {}
            return summary
        }
        print("Terkirim ke gateway: \(summary.accepted), dicoba lagi nanti: \(summary.retried), gagal: \(summary.failed), "
            + "kedaluwarsa: \(summary.expired), berhenti berlangganan: \(summary.optedOut).")
        if listener != nil {
            let waiting = try await awaitingReports(store)
            if waiting > 0 { print("\(waiting) pesan belum ada laporan terkirimnya; lihat nanti dengan `pengingat log`.") }
        }
        if let next = try await store.nextDue() {
            let local = LocalDateTime(next, in: .wib)
            print("Pesan berikutnya dijadwalkan \(MessageWording(language: .indonesian).dateTime(local.date, local.time, zone: .wib)).")
        }
    }

    private func awaitingReports(_ store: any PengingatStore) async throws -> Int {
        let everything = DateInterval(start: .distantPast, end: .distantFuture)
        return try await store.deliverySummary(dueIn: everything).groups.reduce(0) { $0 + ($1.byState[.accepted] ?? 0) }
    }
}
