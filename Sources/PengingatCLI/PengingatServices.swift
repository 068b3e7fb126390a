import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import PengingatWeb
import ServiceLifecycle

/// The one place `layani` (serve) and `kirim` (dispatch) build their services: the same web
/// application (whole for `serve`, its webhooks alone for `kirim`), the same dispatcher and
/// digests, the same replies.
struct PengingatServices {
    /// What `serve` adds: the pages and the API.
    struct Site {
        let accounts: AccountService
        let pages: PageRenderer
        /// Sending on (the dispatcher and the digests) or off (`--tanpa-kirim`).
        let sends: Bool
    }

    let settings: PengingatConfiguration
    let store: any PengingatStore
    /// PostgreSQL's client, a service of its own; nil on SQLite.
    let databaseClient: (any Service)?
    let gateways: GatewayRegistry
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let environment: [String: String]
    let logger: Logger
    let now: @Sendable () -> Date

    /// The services of one process, and the two parts `kirim --sekali` runs by itself.
    struct Built {
        let services: [any Service]
        let dispatcher: Dispatcher?
        /// The HTTP listener: the whole application, or the webhooks alone.
        let web: WebService?
        /// Opens when the listener is bound, or fails with its error.
        let listening: ListenerReadiness?
    }

    /// `site` for `serve`; nil for `kirim`, whose listener (when `dispatch.callback_listen` is set)
    /// serves the webhooks alone. `onListening` learns the bound port; nothing is sent before it.
    func build(site: Site?, onlyGateway: String? = nil, onListening: @escaping @Sendable (Int) -> Void = { _ in }) -> Built {
        let replies = ReplyService(store: store, rules: rules, catalogue: catalogue, settings: settings.replies, logger: logger)
        let application: WebApplication?
        if let site {
            let desk = FacilitatorDesk(store: store, rules: rules, catalogue: catalogue, settings: settings, logger: logger, now: now)
            application = WebApplication(
                configuration: .init(settings, environment: environment), store: store, desk: desk, accounts: site.accounts,
                replies: replies, pages: site.pages, metrics: ServiceMetrics.registry, logger: logger, now: now)
        } else {
            application = settings.dispatch.callbackListen.map { listen in
                WebApplication(webhooksOnly: .init(callbacksOf: settings, listen: listen, environment: environment),
                               store: store, replies: replies, logger: logger, now: now)
            }
        }
        // Kannel calls a dlr-url once: with a listener, nothing is sent before it is bound.
        let listening = application.map { _ in ListenerReadiness() }
        let web = application.map { application in
            WebService(application) { port in
                listening?.open()
                onListening(port)
            }
        }
        var services: [any Service] = (databaseClient.map { [$0] } ?? []) + (web.map { [$0] } ?? [])
        if site != nil {
            let planner = Planner(store: store, rules: rules, catalogue: catalogue, logger: logger)
            services.append(PlanScheduler(planner: planner, days: settings.web.planDays,
                                          every: .seconds(max(1, settings.web.planEveryMinutes * 60)), logger: logger, now: now))
            services.append(RetentionService(store: store, settings: settings.retention, logger: logger, now: now))
        }
        var dispatcher: Dispatcher?
        if site?.sends ?? true {
            // The dispatcher also marks accepted messages without a final report as unconfirmed
            // once `dispatch.report_timeout_hours` pass: the delivery-report timeout.
            let sender = Dispatcher(store: store, gateways: gateways, configuration: .init(settings, onlyGateway: onlyGateway),
                                    logger: logger, now: now, reportListener: listening)
            let digests = DigestService(store: store, rules: rules, catalogue: catalogue, settings: settings.digest, logger: logger)
            services += [sender, DigestScheduler(digests: digests, logger: logger, now: now)]
            dispatcher = sender
        }
        return Built(services: services, dispatcher: dispatcher, web: web, listening: listening)
    }
}
