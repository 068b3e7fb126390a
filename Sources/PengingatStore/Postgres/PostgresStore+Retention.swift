import Foundation
import PostgresNIO

extension PostgresStore: RetentionStore {
    public func pruneDeliveryHistory(before cutoff: Date) async throws -> PruneSummary {
        try await write { connection in
            let cutoffMilliseconds = Self.milliseconds(cutoff)
            let horizon = try await connection.query("""
                UPDATE delivery_log_retention SET horizon_ms = GREATEST(horizon_ms, \(cutoffMilliseconds)) WHERE id = 1
                RETURNING horizon_ms
                """, logger: logger).collect().first?.decode(Int.self) ?? 0
            let logEntries = try await connection.query(
                "WITH gone AS (DELETE FROM delivery_log WHERE at_ms < \(horizon) RETURNING 1) SELECT count(*) FROM gone",
                logger: logger).collect().first?.decode(Int.self) ?? 0
            let messages = try await connection.query("""
                WITH gone AS (DELETE FROM outbox WHERE expires_at < \(horizon / 1000)
                  AND state IN ('delivered', 'failed', 'expired', 'cancelled', 'opted_out', 'unconfirmed') RETURNING 1)
                SELECT count(*) FROM gone
                """, logger: logger).collect().first?.decode(Int.self) ?? 0
            return PruneSummary(logEntries: logEntries, messages: messages)
        }
    }
}
