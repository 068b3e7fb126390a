import Foundation
import Logging
import PengingatCore
import PengingatStore
import ServiceLifecycle

/// Removes delivery history older than the retention period, at start and then every
/// `every`: the delivery log and finished messages, with their phone numbers and text.
public struct RetentionService: Service {
    let store: any RetentionStore
    let keepDays: Int
    let every: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: any RetentionStore, settings: RetentionSettings, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.store = store
        self.keepDays = settings.deliveryLogDays
        self.every = .seconds(settings.pruneEveryHours * 3600)
        self.logger = logger
        self.now = now
    }

    /// The instant before which history goes.
    public static func cutoff(keepingDays days: Int, now: Date) -> Date {
        now.addingTimeInterval(-Double(days) * 86_400)
    }

    /// One pruning, as `pengingat bersihkan` does it.
    public func pruneOnce() async throws -> PruneSummary {
        let summary = try await store.pruneDeliveryHistory(before: Self.cutoff(keepingDays: keepDays, now: now()))
        logger.info("delivery history pruned", metadata: [
            "retention.days": "\(keepDays)", "retention.log_entries": "\(summary.logEntries)",
            "retention.messages": "\(summary.messages)",
        ])
        return summary
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await pruneOnce()
            } catch {
                // Nothing is lost by pruning later: try again next round.
                logger.error("pruning failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
        }
    }
}
