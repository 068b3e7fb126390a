import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: DispatchStore {
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [OutboxMessage] {
        try await write { db in
            let nowSeconds = Int(now.timeIntervalSince1970)
            // Two indexed reads rather than one OR: the queued rows walk (state, priority,
            // due_at, key) in claim order and stop at the limit; abandoned claims are few.
            var rows = try Row.fetchAll(db, sql: """
                SELECT key, state FROM outbox INDEXED BY outbox_claim_order
                WHERE state = 'sending' AND lease_until <= ? AND due_at <= ? AND expires_at > ?
                ORDER BY priority, due_at, key LIMIT ?
                """, arguments: [nowSeconds, nowSeconds, nowSeconds, limit])
            rows += try Row.fetchAll(db, sql: """
                SELECT key, state FROM outbox INDEXED BY outbox_claim_order
                WHERE state = 'queued' AND due_at <= ? AND expires_at > ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY priority, due_at, key LIMIT ?
                """, arguments: [nowSeconds, nowSeconds, nowSeconds, limit - rows.count])
            var claimed: [OutboxMessage] = []
            for row in rows {
                let key: String = row[0]
                let state: String = row[1]
                try db.cachedStatement(sql: "UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ? WHERE key = ?")
                    .execute(arguments: [owner, Int(leaseUntil.timeIntervalSince1970), key])
                try log(db, key: key, at: now, event: .status, fromState: OutboxState(rawValue: state), toState: .sending,
                        detail: state == "sending" ? "reclaimed by \(owner) after the lease ended" : "claimed by \(owner)")
                if let message = try fullMessage(key: key, db) { claimed.append(message) }
            }
            return claimed
        }
    }

    public func renewLease(keys: [String], owner: String, until: Date) async throws -> Int {
        try await write { db in
            var renewed = 0
            for key in keys {
                try db.execute(sql: """
                    UPDATE outbox SET lease_until = ? WHERE key = ? AND lease_owner = ? AND state = 'sending'
                    """, arguments: [Int(until.timeIntervalSince1970), key, owner])
                renewed += db.changesCount
            }
            return renewed
        }
    }

    public func finishAttempt(_ attempt: AttemptRecord) async throws -> Bool {
        try await write { db in try Self.finish(attempt, db) }
    }

    public func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool] {
        try await write { db in try attempts.map { try Self.finish($0, db) } }
    }

    static func finish(_ attempt: AttemptRecord, _ db: Database) throws -> Bool {
        guard let current = try String.fetchOne(db.cachedStatement(sql: """
            SELECT state FROM outbox WHERE key = ? AND lease_owner = ?
            """), arguments: [attempt.key, attempt.owner]).flatMap(OutboxState.init(rawValue:))
        else { return false }
        try log(db, key: attempt.key, at: attempt.at, event: .attempt, gateway: attempt.gateway,
                httpStatus: attempt.httpStatus, latencyMilliseconds: Int(attempt.latency * 1000), error: attempt.error)
        var next: OutboxState
        var extra = ""
        var arguments: StatementArguments = [attempt.gateway]
        switch attempt.consequence {
        case .accepted(let providerID):
            next = .accepted
            extra = ", provider_id = ?, sent_at = ?"
            arguments += [providerID, Int(attempt.at.timeIntervalSince1970)]
        case .retry(let at):
            next = .queued
            extra = ", next_attempt_at = ?"
            arguments += [Int(at.timeIntervalSince1970.rounded(.up))]
        case .failed: next = .failed
        case .expired: next = .expired
        case .optedOut: next = .optedOut
        }
        // A delivery report can overtake the outcome of its own send (Kannel answers fast):
        // the report's status stands; the attempt is still recorded.
        if current != .sending { next = current }
        arguments += [next.rawValue, attempt.key]
        try db.cachedStatement(sql: """
            UPDATE outbox SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, gateway = ?\(extra),
                state = ? WHERE key = ?
            """).execute(arguments: arguments)
        if current == .sending {
            try log(db, key: attempt.key, at: attempt.at, event: .status, fromState: .sending, toState: next,
                    detail: next == .accepted ? attempt.gateway : attempt.error)
        }
        return true
    }

    public func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                           error: String?) async throws {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE key = ? AND lease_owner = ?",
                                    arguments: [key, owner]) != nil else { return }
            try log(db, key: key, at: at, event: .attempt, gateway: gateway, httpStatus: httpStatus,
                    latencyMilliseconds: Int(latency * 1000), error: error)
        }
    }

    public func release(keys: [String], owner: String) async throws -> Int {
        try await write { db in
            var released = 0
            for key in keys {
                try db.execute(sql: """
                    UPDATE outbox SET state = 'queued', lease_owner = NULL, lease_until = NULL
                    WHERE key = ? AND lease_owner = ? AND state = 'sending'
                    """, arguments: [key, owner])
                if db.changesCount > 0 {
                    released += 1
                    try log(db, key: key, at: Date(), event: .status, fromState: .sending, toState: .queued,
                            detail: "released by \(owner)")
                }
            }
            return released
        }
    }

    public func expireOverdue(now: Date) async throws -> Int {
        try await write { db in
            let seconds = Int(now.timeIntervalSince1970)
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, state FROM outbox WHERE expires_at <= ?
                  AND (state = 'queued' OR (state = 'sending' AND lease_until <= ?))
                """, arguments: [seconds, seconds])
            for row in rows {
                let key: String = row[0]
                try db.execute(sql: "UPDATE outbox SET state = 'expired', lease_owner = NULL, lease_until = NULL WHERE key = ?",
                               arguments: [key])
                try log(db, key: key, at: now, event: .status, fromState: OutboxState(rawValue: row[1]), toState: .expired,
                        detail: "not sent before its event")
            }
            return rows.count
        }
    }

    public func markUnconfirmed(acceptedBefore: Date, now: Date) async throws -> Int {
        try await write { db in
            let keys = try String.fetchAll(db, sql: "SELECT key FROM outbox WHERE state = 'accepted' AND sent_at < ?",
                                           arguments: [Int(acceptedBefore.timeIntervalSince1970)])
            for key in keys {
                try db.execute(sql: "UPDATE outbox SET state = 'unconfirmed' WHERE key = ?", arguments: [key])
                try log(db, key: key, at: now, event: .status, fromState: .accepted, toState: .unconfirmed,
                        detail: "no delivery report")
            }
            return keys.count
        }
    }

    public func applyReport(_ report: DeliveryReport) async throws -> ReportOutcome {
        try await write { db in
            let row: Row?
            switch report.match {
            case .key(let key):
                row = try Row.fetchOne(db, sql: "SELECT key, state FROM outbox WHERE key = ?", arguments: [key])
            case .providerID(let id):
                row = try Row.fetchOne(db, sql: "SELECT key, state FROM outbox WHERE provider_id = ?", arguments: [id])
            }
            guard let row, let current = OutboxState(rawValue: row[1]) else { return .unknownMessage }
            let key: String = row[0]
            try log(db, key: key, at: report.at, event: .report, toState: report.state, detail: report.detail)
            guard current.canMove(to: report.state) else { return .ignored(current: current) }
            try db.execute(sql: "UPDATE outbox SET state = ? WHERE key = ?", arguments: [report.state.rawValue, key])
            try log(db, key: key, at: report.at, event: .status, fromState: current, toState: report.state, detail: report.detail)
            return .applied(from: current)
        }
    }

    public func sentCount(to phone: PhoneNumber, in interval: DateInterval) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM outbox WHERE phone = ? AND sent_at >= ? AND sent_at < ?
                  AND state IN ('sending', 'accepted', 'delivered', 'unconfirmed')
                """), arguments: [phone.e164, Int(interval.start.timeIntervalSince1970), Int(interval.end.timeIntervalSince1970)]) ?? 0
        }
    }

    public func nextDue() async throws -> Date? {
        try await read { db in
            try Int.fetchOne(db, sql: """
                SELECT MIN(MAX(due_at, COALESCE(next_attempt_at, due_at))) FROM outbox WHERE state = 'queued'
                """).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
    }

    public func deliveryLog(_ filter: DeliveryLogFilter) async throws -> [DeliveryLogEntry] {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let since = filter.since {
                conditions.append("l.at_ms >= ?")
                arguments += [Int(since.timeIntervalSince1970 * 1000)]
            }
            if let state = filter.state {
                conditions.append("o.state = ?")
                arguments += [state.rawValue]
            }
            if let until = filter.until {
                conditions.append("l.at_ms < ?")
                arguments += [Int(until.timeIntervalSince1970 * 1000)]
            }
            if let household = filter.householdID {
                conditions.append("l.message_key IN (SELECT message_key FROM outbox_items WHERE household_id = ?)")
                arguments += [household]
            }
            if let group = filter.groupID {
                conditions.append("o.group_id = ?")
                arguments += [group]
            }
            if let gateway = filter.gateway {
                conditions.append("l.gateway = ?")
                arguments += [gateway]
            }
            if case .facilitator(let facilitatorID) = filter.scope {
                conditions.append("o.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)")
                arguments += [facilitatorID]
            }
            let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [filter.limit]
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT l.id, l.message_key, l.at_ms, l.event, l.gateway, l.http_status, l.latency_ms, l.error,
                           l.from_state, l.to_state, l.detail
                    FROM delivery_log l JOIN outbox o ON o.key = l.message_key \(condition)
                    ORDER BY l.id DESC LIMIT ?) ORDER BY id
                """, arguments: arguments)
            return rows.map { row in
                DeliveryLogEntry(
                    messageKey: row["message_key"], at: Date(timeIntervalSince1970: TimeInterval(row["at_ms"] as Int) / 1000),
                    event: DeliveryLogEntry.Event(rawValue: row["event"]) ?? .status, gateway: row["gateway"],
                    httpStatus: row["http_status"], latencyMilliseconds: row["latency_ms"], error: row["error"],
                    fromState: (row["from_state"] as String?).flatMap(OutboxState.init(rawValue:)),
                    toState: (row["to_state"] as String?).flatMap(OutboxState.init(rawValue:)), detail: row["detail"])
            }
        }
    }

    public func deliverySummary(dueIn interval: DateInterval) async throws -> DeliverySummary {
        try await read { db in
            let range: StatementArguments = [Int(interval.start.timeIntervalSince1970), Int(interval.end.timeIntervalSince1970)]
            var groups: [String: [OutboxState: Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT COALESCE(group_id, '-') AS g, state, COUNT(*) AS n FROM outbox WHERE due_at >= ? AND due_at < ?
                GROUP BY g, state
                """, arguments: range) {
                guard let state = OutboxState(rawValue: row["state"]) else { continue }
                groups[row["g"], default: [:]][state] = row["n"]
            }
            var failing: [DeliverySummary.FailingNumber] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT phone, COUNT(*) AS n FROM outbox WHERE due_at >= ? AND due_at < ? AND state = 'failed'
                GROUP BY phone HAVING COUNT(*) >= 2 ORDER BY phone
                """, arguments: range) {
                guard let phone = PhoneNumber(e164: row["phone"]) else { continue }
                let households = try String.fetchAll(db, sql: """
                    SELECT DISTINCT i.household_id FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                    WHERE o.phone = ? AND o.state = 'failed' ORDER BY i.household_id
                    """, arguments: [phone.e164])
                failing.append(DeliverySummary.FailingNumber(phone: phone, failures: row["n"], households: households))
            }
            return DeliverySummary(
                groups: groups.keys.sorted().map { DeliverySummary.GroupCounts(groupID: $0, byState: groups[$0] ?? [:]) },
                failingNumbers: failing)
        }
    }

    func log(
        _ db: Database, key: String, at: Date, event: DeliveryLogEntry.Event, gateway: String? = nil, httpStatus: Int? = nil,
        latencyMilliseconds: Int? = nil, error: String? = nil, fromState: OutboxState? = nil, toState: OutboxState? = nil,
        detail: String? = nil
    ) throws {
        try Self.log(db, key: key, at: at, event: event, gateway: gateway, httpStatus: httpStatus,
                     latencyMilliseconds: latencyMilliseconds, error: error, fromState: fromState, toState: toState, detail: detail)
    }

    static func log(
        _ db: Database, key: String, at: Date, event: DeliveryLogEntry.Event, gateway: String? = nil, httpStatus: Int? = nil,
        latencyMilliseconds: Int? = nil, error: String? = nil, fromState: OutboxState? = nil, toState: OutboxState? = nil,
        detail: String? = nil
    ) throws {
        // Cached: this runs twice for every attempt.
        try db.cachedStatement(sql: """
            INSERT INTO delivery_log (message_key, at_ms, event, gateway, http_status, latency_ms, error, from_state, to_state, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [key, Int(at.timeIntervalSince1970 * 1000), event.rawValue, gateway, httpStatus, latencyMilliseconds,
                             error, fromState?.rawValue, toState?.rawValue, detail])
    }
}
