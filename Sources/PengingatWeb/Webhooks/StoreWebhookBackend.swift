import Foundation
import Logging
import Metrics
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore

/// Where the webhooks' reports and incoming messages go in a running service: reports to the
/// outbox (counted in `pengingat_delivery_reports_total{gateway,state}`), messages to the replies.
struct StoreWebhookBackend: WebhookBackend {
    let store: any DispatchStore
    /// Without it incoming messages are refused: this process does not take them.
    let replies: ReplyService?
    let logger: Logger
    let clock: @Sendable () -> Date

    init(store: any DispatchStore, replies: ReplyService?, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.replies = replies
        self.logger = logger
        self.clock = now
    }

    func applyReport(_ report: DeliveryReport, from gateway: String) async throws -> ReportOutcome {
        let outcome = try await store.applyReport(report)
        Counter(label: "pengingat_delivery_reports_total", dimensions: [("gateway", gateway), ("state", report.state.rawValue)])
            .increment()
        return outcome
    }

    func receive(_ message: InboundMessage) async throws -> Bool {
        guard let replies else { return false }
        _ = try await replies.receive(message)
        return true
    }

    func now() -> Date { clock() }
}
