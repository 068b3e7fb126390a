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
        } catch let error as TemplateCatalogueError {
            StandardError.write(error.description + "\n")
            throw ExitCode(1)
        } catch let error as PageTemplateError {
            StandardError.write(error.description + "\n")
            throw ExitCode(1)
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
        let replies = ReplyService(store: database, rules: rules, catalogue: catalogue, settings: settings.replies, logger: logger)
        let desk = FacilitatorDesk(store: database, rules: rules, catalogue: catalogue, settings: settings, logger: logger, now: now)
        let web = WebApplication(
            configuration: .init(settings, environment: environment), store: database, desk: desk, accounts: accounts,
            replies: replies, pages: pages, metrics: ServiceMetrics.registry, logger: logger, now: now)
        let planner = Planner(store: database, rules: rules, catalogue: catalogue, logger: logger)
        let host = settings.web.listen.split(separator: ":").first.map(String.init) ?? "127.0.0.1"
        // The webhooks are served beside the pages: nothing is sent before they are bound.
        let listening = ListenerReadiness()
        var services: [any Service] = (databaseClient.map { [$0] } ?? []) + [
            WebService(web) { port in
                listening.open()
                // Scripts and `make run` read this line from a pipe: unbuffered, straight to the descriptor.
                FileHandle.standardOutput.write(Data("Pengingat berjalan di http://\(host):\(port)/ (Ctrl-C untuk berhenti)\n".utf8))
            },
            PlanScheduler(planner: planner, days: settings.web.planDays,
                          every: .seconds(max(1, settings.web.planEveryMinutes * 60)), logger: logger, now: now),
            RetentionService(store: database, settings: settings.retention, logger: logger, now: now),
        ]
        if !noDispatch {
            // The dispatcher also marks accepted messages without a final report as unconfirmed
            // once `dispatch.report_timeout_hours` pass: the delivery-report timeout.
            services.append(Dispatcher(store: database, gateways: gateways, configuration: .init(settings, onlyGateway: nil),
                                       logger: logger, now: now, reportListener: listening))
            let digests = DigestService(store: database, rules: rules, catalogue: catalogue, settings: settings.digest, logger: logger)
            services.append(DigestScheduler(digests: digests, logger: logger, now: now))
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
