import Foundation
import Logging
import PengingatCore
import ServiceLifecycle

/// Wakes at each facilitator's digest time (06.00 WIT, WITA and WIB are three moments) and
/// queues the digests that are due. Also runs at start, so a service started at 07.00 still
/// sends today's digest.
public struct DigestScheduler: Service {
    let digests: DigestService
    let logger: Logger
    let now: @Sendable () -> Date

    public init(digests: DigestService, logger: Logger, now: @escaping @Sendable () -> Date = SystemClock.now) {
        self.digests = digests
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await digests.run(now: now())
            } catch {
                // A store hiccup must not stop tomorrow's digest: say so and try at the next wake-up.
                logger.error("digest failed", metadata: ["error": "\(error)"])
            }
            let moment = now()
            // At most an hour at a time, so a clock change or a new facilitator is noticed.
            let wait = min(Self.nextDigestTime(after: moment, at: digests.time).timeIntervalSince(moment), 3600)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(max(1, wait))) }
        }
    }

    /// The next moment `at` strikes in any of Indonesia's three zones.
    public static func nextDigestTime(after moment: Date, at time: TimeOfDay) -> Date {
        [IndonesianTimeZone.wib, .wita, .wit].map { zone in
            let today = LocalDateTime(moment, in: zone).date
            let candidate = LocalDateTime(date: today, time: time).instant(in: zone)
            return candidate > moment ? candidate : LocalDateTime(date: today.adding(days: 1), time: time).instant(in: zone)
        }.min() ?? moment.addingTimeInterval(3600)
    }
}
