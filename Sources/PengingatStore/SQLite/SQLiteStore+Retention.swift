import Foundation
import GRDB

extension SQLiteStore: RetentionStore {
    public func pruneDeliveryHistory(before cutoff: Date) async throws -> PruneSummary {
        try await write { db in
            let cutoffMilliseconds = Int64(cutoff.timeIntervalSince1970 * 1000)
            try db.execute(sql: "UPDATE delivery_log_retention SET horizon_ms = max(horizon_ms, ?) WHERE id = 1",
                           arguments: [cutoffMilliseconds])
            let horizon = try Int64.fetchOne(db, sql: "SELECT horizon_ms FROM delivery_log_retention WHERE id = 1") ?? 0
            try db.execute(sql: "DELETE FROM delivery_log WHERE at_ms < ?", arguments: [horizon])
            let logEntries = db.changesCount
            // Items go with their message (ON DELETE CASCADE).
            try db.execute(sql: """
                DELETE FROM outbox WHERE expires_at < ?
                  AND state IN ('delivered', 'failed', 'expired', 'cancelled', 'opted_out', 'unconfirmed')
                """, arguments: [horizon / 1000])
            return PruneSummary(logEntries: logEntries, messages: db.changesCount)
        }
    }
}
