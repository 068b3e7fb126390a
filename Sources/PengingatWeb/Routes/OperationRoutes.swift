import Foundation
import Hummingbird
import NIOCore
import PengingatStore
import Prometheus

extension WebApplication {
    /// `/healthz` (the process answers), `/readyz` (the store answers), `/metrics` (Prometheus,
    /// when this application exports them).
    func addOperationRoutes(to router: Router<WebRequestContext>) {
        router.get("healthz") { _, _ in Self.plain(.ok, "ok\n") }
        router.get("readyz") { _, _ in
            do {
                _ = try await store.nextDue()
                return Self.plain(.ok, "ready\n")
            } catch {
                logger.warning("not ready: the store does not answer", metadata: ["error": "\(error)"])
                return Self.plain(.serviceUnavailable, "store unavailable\n")
            }
        }
        guard let metrics else { return }
        router.get("metrics") { _, _ in
            try await updateOutboxDepth(metrics)
            var buffer: [UInt8] = []
            metrics.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// `pengingat_outbox_depth{state}`: messages waiting or on their way, read at each scrape.
    private func updateOutboxDepth(_ metrics: PrometheusCollectorRegistry) async throws {
        let everything = DateInterval(start: .distantPast, end: .distantFuture)
        let summary = try await store.deliverySummary(dueIn: everything)
        for state in [OutboxState.queued, .sending, .accepted] {
            let count = summary.groups.reduce(0) { $0 + ($1.byState[state] ?? 0) }
            metrics.makeGauge(descriptor: Self.outboxDepth, labels: [("state", state.rawValue)]).set(Double(count))
        }
    }

    private static var outboxDepth: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "pengingat", metricName: "outbox", unitName: "depth", helpText: "Messages waiting or on their way, by state.")
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
