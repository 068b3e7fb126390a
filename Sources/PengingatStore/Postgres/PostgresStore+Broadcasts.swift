import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: BroadcastStore {
    public func recordBroadcast(_ broadcast: Broadcast) async throws {
        try await write { connection in
            _ = try await connection.query("""
                INSERT INTO broadcasts (id, created_by, created_at_ms, audience, facilitator_id, content, scheduled_at_ms,
                    households, messages, segments, estimated_cost, state, cancelled_by, cancelled_at_ms)
                VALUES (\(broadcast.id), \(broadcast.createdBy), \(Self.milliseconds(broadcast.createdAt)), \(broadcast.audience),
                    \(broadcast.facilitatorID), \(broadcast.content), \(Self.milliseconds(broadcast.scheduledAt)),
                    \(broadcast.households), \(broadcast.messages), \(broadcast.segments), \(broadcast.estimatedCost),
                    \(broadcast.state.rawValue), \(broadcast.cancelledBy), \(broadcast.cancelledAt.map(Self.milliseconds)))
                """, logger: logger)
        }
    }

    public func broadcast(id: String) async throws -> Broadcast? {
        try await read { connection in
            try await connection.query("SELECT * FROM broadcasts WHERE id = \(id)", logger: logger)
                .collect().first.flatMap(Self.decodeBroadcast)
        }
    }

    public func broadcasts(facilitatorID: Facilitator.ID?, limit: Int) async throws -> [Broadcast] {
        try await read { connection in
            // COLLATE "C": ties broken in byte order, as SQLite does, whatever the database's collation.
            let query: PostgresQuery = if let facilitatorID {
                """
                SELECT * FROM broadcasts WHERE facilitator_id = \(facilitatorID)
                ORDER BY created_at_ms DESC, id COLLATE "C" DESC LIMIT \(Self.rowLimit(limit))
                """
            } else {
                """
                SELECT * FROM broadcasts ORDER BY created_at_ms DESC, id COLLATE "C" DESC LIMIT \(Self.rowLimit(limit))
                """
            }
            return try await connection.query(query, logger: logger).collect().compactMap(Self.decodeBroadcast)
        }
    }

    public func cancelBroadcast(id: String, by: String, at: Date) async throws -> BroadcastCancellation? {
        try await write { connection in
            // Locked so that two people cancelling at once leave one cancellation on record, not two.
            guard let current = try await connection.query("SELECT state FROM broadcasts WHERE id = \(id) FOR UPDATE", logger: logger)
                .collect().first?.decode(String.self)
            else { return nil }
            let pattern = SQLiteStore.likePattern(prefix: Broadcast.keyPrefix(id))
            // One conditional UPDATE, not SQLite's read-then-update: here a dispatcher may claim a
            // message between the two, and its claim must stand. Logged in key order.
            let cancelled = try await connection.query("""
                WITH cancelled AS (
                    UPDATE outbox SET state = 'cancelled' WHERE key LIKE \(pattern) ESCAPE '\\' AND state = 'queued' RETURNING key)
                SELECT key FROM cancelled ORDER BY key COLLATE "C"
                """, logger: logger).collect().map { try $0.decode(String.self) }
            try await Self.appendLog(connection, cancelled.map {
                OutboxTransition.entry($0, from: .queued, to: .cancelled, at: at, detail: "siaran dibatalkan oleh \(by)")
            }, logger: logger)
            var result = BroadcastCancellation(cancelled: cancelled.count, underway: 0)
            let states = try await connection.query("""
                SELECT state, count(*) FROM outbox WHERE key LIKE \(pattern) ESCAPE '\\' GROUP BY state
                """, logger: logger)
            for try await (state, count) in states.decode((String, Int).self) {
                switch OutboxState(rawValue: state) {
                case .cancelled?, .optedOut?, .expired?, nil: break
                // Queued now means queued again since the UPDATE (a retry, a late commit): it will still go.
                default: result.underway += count
                }
            }
            if current != Broadcast.State.cancelled.rawValue {
                try await connection.query("""
                    UPDATE broadcasts SET state = \(Broadcast.State.cancelled.rawValue), cancelled_by = \(by),
                        cancelled_at_ms = \(Self.milliseconds(at))
                    WHERE id = \(id)
                    """, logger: logger)
            }
            return result
        }
    }

    public func broadcastProgress(id: String) async throws -> [OutboxState: Int] {
        try await read { connection in
            var counts: [OutboxState: Int] = [:]
            let rows = try await connection.query("""
                SELECT state, count(*) FROM outbox WHERE key LIKE \(SQLiteStore.likePattern(prefix: Broadcast.keyPrefix(id))) ESCAPE '\\'
                GROUP BY state
                """, logger: logger)
            for try await (state, count) in rows.decode((String, Int).self) {
                if let state = OutboxState(rawValue: state) { counts[state] = count }
            }
            return counts
        }
    }

    /// A LIMIT argument: SQLite reads a negative limit as none, PostgreSQL refuses one and reads
    /// NULL as none.
    static func rowLimit(_ limit: Int) -> Int? { limit < 0 ? nil : limit }

    /// Nil for a state this version does not know, as in SQLite.
    private static func decodeBroadcast(_ row: PostgresRow) throws -> Broadcast? {
        let row = row.makeRandomAccess()
        guard let state = try Broadcast.State(rawValue: row["state"].decode(String.self)) else { return nil }
        return try Broadcast(
            id: row["id"].decode(String.self), createdBy: row["created_by"].decode(String.self),
            createdAt: Self.date(milliseconds: row["created_at_ms"].decode(Int.self)), audience: row["audience"].decode(String.self),
            facilitatorID: row["facilitator_id"].decode(String?.self), content: row["content"].decode(String.self),
            scheduledAt: Self.date(milliseconds: row["scheduled_at_ms"].decode(Int.self)), households: row["households"].decode(Int.self),
            messages: row["messages"].decode(Int.self), segments: row["segments"].decode(Int.self),
            estimatedCost: row["estimated_cost"].decode(Int.self), state: state, cancelledBy: row["cancelled_by"].decode(String?.self),
            cancelledAt: row["cancelled_at_ms"].decode(Int?.self).map(Self.date(milliseconds:)))
    }
}
