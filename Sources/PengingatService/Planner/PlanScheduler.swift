import Foundation
import Logging
import PengingatCore
import ServiceLifecycle

/// Plans the coming days into the outbox at start and then every `every`, so a roster import, a
/// moved meeting or a new month reaches the outbox without anyone running `rencana --simpan`.
/// Committing the same plan again changes nothing (the outbox keys are stable).
public struct PlanScheduler: Service {
    let planner: Planner
    let days: Int
    let every: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    public init(planner: Planner, days: Int, every: Duration, logger: Logger, now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.planner = planner
        self.days = days
        self.every = every
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await planner.commit(Planner.Horizon(now: now(), days: days))
            } catch {
                // A store hiccup must not stop the next round: say so and try again then.
                logger.error("planning failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
        }
    }
}
