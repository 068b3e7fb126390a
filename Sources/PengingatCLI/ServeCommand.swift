import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import PengingatWeb
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layani",
        abstract: "Menjalankan layanan Pengingat: halaman web pendamping, API, webhook, perencana dan pengirim.",
        discussion: """
            Satu proses menjalankan semuanya: halaman web dan API (bagian `web` konfigurasi), penerima
            laporan dan balasan gateway di /webhooks/…, perencana (setiap `web.plan_every_minutes`),
            pengirim pesan, ringkasan pagi pendamping, dan /metrics, /healthz, /readyz.
            Bila belum ada akun sama sekali, akun `admin` dibuat dan kata sandinya ditampilkan sekali
            (atau diambil dari PENGINGAT_ADMIN_PASSWORD). Berhenti dengan Ctrl-C atau SIGTERM.
            """,
        aliases: ["serve"])

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigurationOptions

    @Option(name: [.customLong("dengar"), .customLong("listen")],
            help: ArgumentHelp("Alamat dan port, misalnya 127.0.0.1:8080 (bawaan: web.listen).", valueName: "HOST:PORT"))
    var listen: String?

    @Option(name: [.customLong("pada"), .customLong("at")],
            help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
            transform: parseInstantArgument)
    var at: Date?

    @Flag(name: [.customLong("tanpa-kirim"), .customLong("no-dispatch")], help: "Jangan mengirim pesan (hanya halaman dan API).")
    var noDispatch = false

    func run() async throws {
        let logger = Logger(label: "pengingat.serve")
        let environment = ProcessInfo.processInfo.environment
        var settings: PengingatConfiguration
        let database: any PengingatStore
        let databaseClient: (any Service)?
        let gateways: GatewayRegistry
        let rules: PlanningRules
        let catalogue: TemplateCatalogue
        let pages: PageRenderer
        do {
            settings = try configuration.load()
            if let listen { settings.web.listen = listen }
            (database, databaseClient) = try await store.openForServices(logger: logger)
            gateways = try GatewayRegistry.build(settings, logger: logger)
            rules = try PlanningRules.load(settings)
            catalogue = try settings.loadTemplates(configurationPath: configuration.resolvedPath)
            pages = try await PageRenderer.load(directory: settings.web.templatesDirectory)
        } catch {
            throw fail(error, exitCode: 1)
        }
        defer { gateways.transport?.shutdown() }
        // A fixed "now" moves with the real clock from the moment given.
        let offset = at.map { $0.timeIntervalSinceNow } ?? 0
        let now: @Sendable () -> Date = { Date().addingTimeInterval(offset) }

        let accounts = AccountService(store: database, cost: settings.web.passwordCost)
        do {
            let cost = settings.web.passwordCost
            let firstAdmin = try await store.beforeServices(database, logger: logger) { database in
                try await AccountService(store: database, cost: cost)
                    .ensureFirstAdmin(password: environment["PENGINGAT_ADMIN_PASSWORD"], now: now())
            }
            switch firstAdmin {
            case .existed:
                break
            case .madeWithGivenPassword:
                // A secret from the environment is never printed.
                FileHandle.standardOutput.write(Data("""
                    Akun admin pertama dibuat. Nama akun: admin  Kata sandi: yang diberikan di PENGINGAT_ADMIN_PASSWORD

                    """.utf8))
            case .madeWithRandomPassword(let password):
                FileHandle.standardOutput.write(Data("""
                    Akun admin pertama dibuat. Nama akun: admin  Kata sandi: \(password)
                    Simpan kata sandi ini; ia tidak ditampilkan lagi. Ganti dengan: pengingat akun tambah admin --peran admin

                    """.utf8))
            }
        } catch {
            throw fail(error, exitCode: 1)
        }
        let host = settings.web.listen.split(separator: ":").first.map(String.init) ?? "127.0.0.1"
        let built = PengingatServices(
            settings: settings, store: database, databaseClient: databaseClient, gateways: gateways, rules: rules,
            catalogue: catalogue, environment: environment, logger: logger, now: now
        ).build(site: .init(accounts: accounts, pages: pages, sends: !noDispatch)) { port in
            // Scripts and `make run` read this line from a pipe: unbuffered, straight to the descriptor.
            FileHandle.standardOutput.write(Data("Pengingat berjalan di http://\(host):\(port)/ (Ctrl-C untuk berhenti)\n".utf8))
        }
        let services = built.services
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
