import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: BroadcastStore {
    public func recordBroadcast(_ broadcast: Broadcast) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO broadcasts (id, created_by, created_at_ms, audience, facilitator_id, content, scheduled_at_ms,
                    households, messages, segments, estimated_cost, state, cancelled_by, cancelled_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    broadcast.id, broadcast.createdBy, Self.milliseconds(broadcast.createdAt), broadcast.audience,
                    broadcast.facilitatorID, broadcast.content, Self.milliseconds(broadcast.scheduledAt), broadcast.households,
                    broadcast.messages, broadcast.segments, broadcast.estimatedCost, broadcast.state.rawValue,
                    broadcast.cancelledBy, broadcast.cancelledAt.map(Self.milliseconds),
                ])
        }
    }

    public func broadcast(id: String) async throws -> Broadcast? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM broadcasts WHERE id = ?", arguments: [id]).flatMap(Self.broadcast)
        }
    }

    public func broadcasts(facilitatorID: Facilitator.ID?, limit: Int) async throws -> [Broadcast] {
        try await read { db in
            var sql = "SELECT * FROM broadcasts"
            var arguments: StatementArguments = []
            if let facilitatorID {
                sql += " WHERE facilitator_id = ?"
                arguments += [facilitatorID]
            }
            sql += " ORDER BY created_at_ms DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.broadcast)
        }
    }

    public func cancelBroadcast(id: String, by: String, at: Date) async throws -> BroadcastCancellation? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state FROM broadcasts WHERE id = ?", arguments: [id]) else { return nil }
            var result = BroadcastCancellation(cancelled: 0, underway: 0)
            let pattern = Self.likePattern(prefix: Broadcast.keyPrefix(id))
            for stateRow in try Row.fetchAll(db, sql: "SELECT key, state FROM outbox WHERE key LIKE ? ESCAPE '\\'", arguments: [pattern]) {
                let key: String = stateRow[0]
                switch OutboxState(rawValue: stateRow[1]) {
                case .queued?:
                    try db.execute(sql: "UPDATE outbox SET state = 'cancelled' WHERE key = ? AND state = 'queued'", arguments: [key])
                    try Self.appendLog(db, [OutboxTransition.entry(key, from: .queued, to: .cancelled, at: at,
                                                                   detail: "siaran dibatalkan oleh \(by)")])
                    result.cancelled += 1
                case .cancelled?, .optedOut?, .expired?, nil: break
                default: result.underway += 1
                }
            }
            if (row[0] as String) != Broadcast.State.cancelled.rawValue {
                try db.execute(sql: "UPDATE broadcasts SET state = ?, cancelled_by = ?, cancelled_at_ms = ? WHERE id = ?",
                               arguments: [Broadcast.State.cancelled.rawValue, by, Self.milliseconds(at), id])
            }
            return result
        }
    }

    public func broadcastProgress(id: String) async throws -> [OutboxState: Int] {
        try await read { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox WHERE key LIKE ? ESCAPE '\\' GROUP BY state",
                                        arguments: [Self.likePattern(prefix: Broadcast.keyPrefix(id))]) {
                if let state = OutboxState(rawValue: row[0]) { counts[state] = row[1] }
            }
            return counts
        }
    }

    static func milliseconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 1000) }

    /// A LIKE pattern matching keys that start with `prefix` (its own % and _ taken literally).
    static func likePattern(prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    static func broadcast(_ row: Row) -> Broadcast? {
        guard let state = Broadcast.State(rawValue: row["state"]) else { return nil }
        func date(_ column: String) -> Date? {
            (row[column] as Int?).map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }
        }
        return Broadcast(
            id: row["id"], createdBy: row["created_by"], createdAt: date("created_at_ms") ?? .distantPast, audience: row["audience"],
            facilitatorID: row["facilitator_id"], content: row["content"], scheduledAt: date("scheduled_at_ms") ?? .distantPast,
            households: row["households"], messages: row["messages"], segments: row["segments"],
            estimatedCost: row["estimated_cost"], state: state, cancelledBy: row["cancelled_by"], cancelledAt: date("cancelled_at_ms"))
    }
}
