import Foundation
import Metrics
import PengingatOutbox

/// `pengingat_messages_total{status,gateway}` and `pengingat_send_latency_seconds{gateway}`,
/// through swift-metrics: `pengingat serve` exports them on `/metrics`.
///
/// Made once for every gateway and status when the dispatcher starts, not once a message: making
/// a metric asks the backend for it (Prometheus: a look-up under a lock with a key built from the
/// dimensions), and every series is then on `/metrics` from the start, at zero.
struct DispatchMetrics: Sendable {
    /// The `status` dimension: one value for each way an attempt ends.
    private enum Status: String, CaseIterable, Sendable {
        case accepted, retry, failed, expired
        case optedOut = "opted_out"

        init(_ consequence: AttemptRecord.Consequence) {
            self = switch consequence {
            case .accepted: .accepted
            case .retry: .retry
            case .failed: .failed
            case .expired: .expired
            case .optedOut: .optedOut
            }
        }
    }

    private struct Series: Sendable {
        let counters: [Status: Counter]
        let latency: Timer
    }

    private let factory: any MetricsFactory
    private let byGateway: [String: Series]

    /// "-" stands for no gateway (a message expired before any was tried).
    init(gateways: [String], factory: any MetricsFactory) {
        self.factory = factory
        byGateway = Dictionary(uniqueKeysWithValues: (gateways + ["-"]).map { ($0, Self.series($0, factory)) })
    }

    func count(_ consequence: AttemptRecord.Consequence, gateway: String, latency: TimeInterval?) {
        let series = byGateway[gateway] ?? Self.series(gateway, factory)
        series.counters[Status(consequence)]?.increment()
        if let latency {
            series.latency.recordNanoseconds(Int64(latency * 1_000_000_000))
        }
    }

    private static func series(_ gateway: String, _ factory: any MetricsFactory) -> Series {
        Series(
            counters: Dictionary(uniqueKeysWithValues: Status.allCases.map { status in
                (status, Counter(label: "pengingat_messages_total", dimensions: [("status", status.rawValue), ("gateway", gateway)],
                                 factory: factory))
            }),
            latency: Timer(label: "pengingat_send_latency_seconds", dimensions: [("gateway", gateway)], factory: factory))
    }
}
