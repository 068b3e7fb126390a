import Foundation
import Logging
import Metrics
import PengingatCLI
import PengingatWeb
import Prometheus

@main
enum PengingatMain {
    static func main() async {
        // Only the executable chooses where logs go; libraries just take a Logger.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["PENGINGAT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .warning
            return handler
        }
        // Counters and timers of every library go to the registry `pengingat serve` exports on /metrics.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: ServiceMetrics.registry))
        await PengingatCommand.main()
    }
}
