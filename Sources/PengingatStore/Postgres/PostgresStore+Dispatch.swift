import Foundation
import Logging
import PengingatCore
import PostgresNIO

/// Claims, leases, attempts and reports on PostgreSQL, as `SQLiteStore` records them, for
/// several dispatcher processes sharing one outbox.
///
/// SQLite's single writer kept them apart; here row locks do. A claim takes due rows with
/// `FOR UPDATE SKIP LOCKED`, so two dispatchers never take the same message and never wait on
/// each other; every write that ends a claim checks `lease_owner` on the locked row, so a
/// dispatcher whose lease ran out cannot undo the claim that replaced it. The sweeps skip rows
/// a dispatcher holds too: the next sweep gets them.
extension PostgresStore: DispatchStore {
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [OutboxMessage] {
        try await write { connection in
            let nowSeconds = Self.seconds(now)
            // Two reads rather than one OR, as SQLite does and in its order: abandoned claims
            // first, then queued rows walking (state, priority, due_at, key) up to the limit.
            var rows = try await connection.query("""
                SELECT key, state FROM outbox
                WHERE state = 'sending' AND lease_until <= \(nowSeconds) AND due_at <= \(nowSeconds) AND expires_at > \(nowSeconds)
                ORDER BY priority, due_at, key COLLATE "C" LIMIT \(Self.rowLimit(limit))
                FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().map { try $0.decode((String, String).self) }
            let remaining = limit - rows.count
            if remaining != 0 {
                rows += try await connection.query("""
                    SELECT key, state FROM outbox
                    WHERE state = 'queued' AND due_at <= \(nowSeconds) AND expires_at > \(nowSeconds)
                      AND (next_attempt_at IS NULL OR next_attempt_at <= \(nowSeconds))
                    ORDER BY priority, due_at, key COLLATE "C" LIMIT \(Self.rowLimit(remaining))
                    FOR UPDATE SKIP LOCKED
                    """, logger: logger).collect().map { try $0.decode((String, String).self) }
            }
            guard !rows.isEmpty else { return [] }
            let keys = rows.map { key, _ in key }
            try await connection.query("""
                UPDATE outbox SET state = 'sending', lease_owner = \(owner), lease_until = \(Self.seconds(leaseUntil))
                WHERE key = ANY(\(keys))
                """, logger: logger)
            try await Self.appendLog(connection, rows.map { key, state in
                DeliveryLogEntry(
                    messageKey: key, at: now, event: .status, fromState: OutboxState(rawValue: state), toState: .sending,
                    detail: state == OutboxState.sending.rawValue ? "reclaimed by \(owner) after the lease ended" : "claimed by \(owner)")
            }, logger: logger)
            return try await loadOutboxMessages(keys: keys, on: connection)
        }
    }

    public func renewLease(keys: [String], owner: String, until: Date) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await write { connection in
            // SKIP LOCKED: a row locked now is being finished by its own dispatcher and needs no
            // renewal; waiting for it, in whatever order, could deadlock with that group commit.
            let renewed = Set(try await connection.query("""
                UPDATE outbox SET lease_until = \(Self.seconds(until))
                WHERE key IN (
                    SELECT key FROM outbox WHERE key = ANY(\(keys)) AND lease_owner = \(owner) AND state = 'sending'
                    FOR UPDATE SKIP LOCKED)
                RETURNING key
                """, logger: logger).collect().map { try $0.decode(String.self) })
            // Counted per key given, as SQLite's one update a key counts them.
            return keys.count(where: renewed.contains)
        }
    }

    public func finishAttempt(_ attempt: AttemptRecord) async throws -> Bool {
        try await write { connection in try await finish(attempt, on: connection) }
    }

    public func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool] {
        guard !attempts.isEmpty else { return [] }
        return try await write { connection in
            // Rows locked in key order, the same order in every transaction that locks several.
            var finished = [Bool](repeating: false, count: attempts.count)
            for index in attempts.indices.sorted(by: { attempts[$0].key < attempts[$1].key }) {
                finished[index] = try await finish(attempts[index], on: connection)
            }
            return finished
        }
    }

    /// Records `attempt` and ends its claim; false when `attempt.owner` no longer holds the lease.
    private func finish(_ attempt: AttemptRecord, on connection: PostgresConnection) async throws -> Bool {
        // Locked from the lease check to the commit: a dispatcher reclaiming the message passes
        // it over meanwhile, and one whose reclaim came first has made the lease its own.
        guard let current = try await connection.query("""
            SELECT state FROM outbox WHERE key = \(attempt.key) AND lease_owner = \(attempt.owner) FOR UPDATE
            """, logger: logger).collect().first.flatMap({ try OutboxState(rawValue: $0.decode(String.self)) })
        else { return false }
        // A delivery report can overtake the outcome of its own send (Kannel answers fast):
        // the report's status stands; the attempt is still recorded.
        let next = current == .sending ? attempt.consequence.state : current
        try await connection.query("""
            UPDATE outbox SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL,
                gateway = \(attempt.gateway)\(columnsSetBy: attempt), state = \(next.rawValue)
            WHERE key = \(attempt.key) AND lease_owner = \(attempt.owner)
            """, logger: logger)
        var entries = [DeliveryLogEntry(
            messageKey: attempt.key, at: attempt.at, event: .attempt, gateway: attempt.gateway, httpStatus: attempt.httpStatus,
            latencyMilliseconds: Int(attempt.latency * 1000), error: attempt.error)]
        if current == .sending {
            entries.append(DeliveryLogEntry(
                messageKey: attempt.key, at: attempt.at, event: .status, fromState: .sending, toState: next,
                detail: next == .accepted ? attempt.gateway : attempt.error))
        }
        try await Self.appendLog(connection, entries, logger: logger)
        return true
    }

    public func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                           error: String?) async throws {
        try await write { connection in
            let held = try await connection.query(
                "SELECT 1 FROM outbox WHERE key = \(key) AND lease_owner = \(owner)", logger: logger).collect()
            guard !held.isEmpty else { return }
            try await Self.appendLog(connection, key: key, at: at, event: .attempt, gateway: gateway, httpStatus: httpStatus,
                                     latencyMilliseconds: Int(latency * 1000), error: error, logger: logger)
        }
    }

    public func release(keys: [String], owner: String) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await write { connection in
            var released = Set(try await connection.query("""
                UPDATE outbox SET state = 'queued', lease_owner = NULL, lease_until = NULL
                WHERE key = ANY(\(keys)) AND lease_owner = \(owner) AND state = 'sending'
                RETURNING key
                """, logger: logger).collect().map { try $0.decode(String.self) })
            // Logged in the order given, each key once, as SQLite's one update a key logs them.
            let now = Date()
            var entries: [DeliveryLogEntry] = []
            for key in keys {
                guard released.remove(key) != nil else { continue }
                entries.append(DeliveryLogEntry(
                    messageKey: key, at: now, event: .status, fromState: .sending, toState: .queued, detail: "released by \(owner)"))
            }
            try await Self.appendLog(connection, entries, logger: logger)
            return entries.count
        }
    }

    public func expireOverdue(now: Date) async throws -> Int {
        try await write { connection in
            let seconds = Self.seconds(now)
            let rows = try await connection.query("""
                SELECT key, state FROM outbox WHERE expires_at <= \(seconds)
                  AND (state = 'queued' OR (state = 'sending' AND lease_until <= \(seconds)))
                ORDER BY key COLLATE "C" FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().map { try $0.decode((String, String).self) }
            guard !rows.isEmpty else { return 0 }
            let keys = rows.map { key, _ in key }
            try await connection.query(
                "UPDATE outbox SET state = 'expired', lease_owner = NULL, lease_until = NULL WHERE key = ANY(\(keys))", logger: logger)
            try await Self.appendLog(connection, rows.map { key, state in
                DeliveryLogEntry(messageKey: key, at: now, event: .status, fromState: OutboxState(rawValue: state), toState: .expired,
                                 detail: "not sent before its event")
            }, logger: logger)
            return rows.count
        }
    }

    public func markUnconfirmed(acceptedBefore: Date, now: Date) async throws -> Int {
        try await write { connection in
            let keys = try await connection.query("""
                SELECT key FROM outbox WHERE state = 'accepted' AND sent_at < \(Self.seconds(acceptedBefore))
                ORDER BY key COLLATE "C" FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().map { try $0.decode(String.self) }
            guard !keys.isEmpty else { return 0 }
            try await connection.query("UPDATE outbox SET state = 'unconfirmed' WHERE key = ANY(\(keys))", logger: logger)
            try await Self.appendLog(connection, keys.map { key in
                DeliveryLogEntry(messageKey: key, at: now, event: .status, fromState: .accepted, toState: .unconfirmed,
                                 detail: "no delivery report")
            }, logger: logger)
            return keys.count
        }
    }

    public func applyReport(_ report: DeliveryReport) async throws -> ReportOutcome {
        try await write { connection in
            // Locked, so two reports for one message (or a report and its send's outcome) apply
            // one after the other and a status still never moves backwards.
            let query: PostgresQuery = switch report.match {
            case .key(let key):
                "SELECT key, state FROM outbox WHERE key = \(key) FOR UPDATE"
            case .providerID(let id):
                "SELECT key, state FROM outbox WHERE provider_id = \(id) LIMIT 1 FOR UPDATE"
            }
            guard let row = try await connection.query(query, logger: logger).collect().first else { return .unknownMessage }
            let (key, state) = try row.decode((String, String).self)
            guard let current = OutboxState(rawValue: state) else { return .unknownMessage }
            let reported = DeliveryLogEntry(messageKey: key, at: report.at, event: .report, toState: report.state, detail: report.detail)
            guard current.canMove(to: report.state) else {
                try await Self.appendLog(connection, [reported], logger: logger)
                return .ignored(current: current)
            }
            try await connection.query("UPDATE outbox SET state = \(report.state.rawValue) WHERE key = \(key)", logger: logger)
            try await Self.appendLog(connection, [
                reported,
                DeliveryLogEntry(messageKey: key, at: report.at, event: .status, fromState: current, toState: report.state,
                                 detail: report.detail),
            ], logger: logger)
            return .applied(from: current)
        }
    }

    public func sentCount(to phone: PhoneNumber, in interval: DateInterval) async throws -> Int {
        try await read { connection in
            try await connection.query("""
                SELECT COUNT(*) FROM outbox WHERE phone = \(phone.e164)
                  AND sent_at >= \(Self.seconds(interval.start)) AND sent_at < \(Self.seconds(interval.end))
                  AND state IN ('sending', 'accepted', 'delivered', 'unconfirmed')
                """, logger: logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    public func nextDue() async throws -> Date? {
        try await read { connection in
            guard let row = try await connection.query("""
                SELECT MIN(GREATEST(due_at, COALESCE(next_attempt_at, due_at))) FROM outbox WHERE state = 'queued'
                """, logger: logger).collect().first
            else { return nil }
            return try row.decode(Int?.self).map(Self.date(seconds:))
        }
    }

    public func deliveryLog(_ filter: DeliveryLogFilter) async throws -> [DeliveryLogEntry] {
        try await read { connection in
            var binds = PostgresBindings()
            func parameter(_ value: some PostgresDynamicTypeEncodable) -> String {
                binds.append(value)
                return "$\(binds.count)"
            }
            var conditions: [String] = []
            if let since = filter.since { conditions.append("l.at_ms >= \(parameter(Self.milliseconds(since)))") }
            if let state = filter.state { conditions.append("o.state = \(parameter(state.rawValue))") }
            if let until = filter.until { conditions.append("l.at_ms < \(parameter(Self.milliseconds(until)))") }
            if let household = filter.householdID {
                conditions.append("l.message_key IN (SELECT message_key FROM outbox_items WHERE household_id = \(parameter(household)))")
            }
            if let group = filter.groupID { conditions.append("o.group_id = \(parameter(group))") }
            if let gateway = filter.gateway { conditions.append("l.gateway = \(parameter(gateway))") }
            if case .facilitator(let facilitatorID) = filter.scope {
                conditions.append("o.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(parameter(facilitatorID)))")
            }
            let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            var limit = "ALL"
            if let rowLimit = Self.rowLimit(filter.limit) { limit = parameter(rowLimit) }
            // The latest lines, oldest first.
            let sql = """
                SELECT message_key, at_ms, event, gateway, http_status, latency_ms, error, from_state, to_state, detail FROM (
                    SELECT l.id, l.message_key, l.at_ms, l.event, l.gateway, l.http_status, l.latency_ms, l.error,
                           l.from_state, l.to_state, l.detail
                    FROM delivery_log l JOIN outbox o ON o.key = l.message_key \(condition)
                    ORDER BY l.id DESC LIMIT \(limit)) AS latest
                ORDER BY id
                """
            var entries: [DeliveryLogEntry] = []
            for try await (key, atMilliseconds, event, gateway, httpStatus, latency, error, fromState, toState, detail)
                in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                .decode((String, Int, String, String?, Int?, Int?, String?, String?, String?, String?).self) {
                entries.append(DeliveryLogEntry(
                    messageKey: key, at: Self.date(milliseconds: atMilliseconds), event: DeliveryLogEntry.Event(rawValue: event) ?? .status,
                    gateway: gateway, httpStatus: httpStatus, latencyMilliseconds: latency, error: error,
                    fromState: fromState.flatMap(OutboxState.init(rawValue:)), toState: toState.flatMap(OutboxState.init(rawValue:)),
                    detail: detail))
            }
            return entries
        }
    }

    public func deliverySummary(dueIn interval: DateInterval) async throws -> DeliverySummary {
        try await read { connection in
            let start = Self.seconds(interval.start)
            let end = Self.seconds(interval.end)
            var groups: [String: [OutboxState: Int]] = [:]
            for try await (groupID, stateText, count) in try await connection.query("""
                SELECT COALESCE(group_id, '-'), state, COUNT(*) FROM outbox WHERE due_at >= \(start) AND due_at < \(end)
                GROUP BY COALESCE(group_id, '-'), state
                """, logger: logger).decode((String, String, Int).self) {
                guard let state = OutboxState(rawValue: stateText) else { continue }
                groups[groupID, default: [:]][state] = count
            }
            let failingPhones = try await connection.query("""
                SELECT phone, COUNT(*) FROM outbox WHERE due_at >= \(start) AND due_at < \(end) AND state = 'failed'
                GROUP BY phone HAVING COUNT(*) >= 2 ORDER BY phone COLLATE "C"
                """, logger: logger).collect().map { try $0.decode((String, Int).self) }
            var failing: [DeliverySummary.FailingNumber] = []
            for (phoneText, failures) in failingPhones {
                guard let phone = PhoneNumber(e164: phoneText) else { continue }
                // As SQLite: the households of every failed message to the number, due in the interval or not.
                let households = try await connection.query("""
                    SELECT i.household_id FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                    WHERE o.phone = \(phone.e164) AND o.state = 'failed'
                    GROUP BY i.household_id ORDER BY i.household_id COLLATE "C"
                    """, logger: logger).collect().map { try $0.decode(String.self) }
                failing.append(DeliverySummary.FailingNumber(phone: phone, failures: failures, households: households))
            }
            return DeliverySummary(
                groups: groups.keys.sorted().map { DeliverySummary.GroupCounts(groupID: $0, byState: groups[$0] ?? [:]) },
                failingNumbers: failing)
        }
    }
}

extension PostgresStore {
    /// Appends one line to the delivery log, which keeps the order lines are appended in (`id`).
    static func appendLog(
        _ connection: PostgresConnection, key: String, at: Date, event: DeliveryLogEntry.Event, gateway: String? = nil,
        httpStatus: Int? = nil, latencyMilliseconds: Int? = nil, error: String? = nil, fromState: OutboxState? = nil,
        toState: OutboxState? = nil, detail: String? = nil, logger: Logger
    ) async throws {
        try await appendLog(connection, [
            DeliveryLogEntry(
                messageKey: key, at: at, event: event, gateway: gateway, httpStatus: httpStatus,
                latencyMilliseconds: latencyMilliseconds, error: error, fromState: fromState, toState: toState, detail: detail),
        ], logger: logger)
    }

    /// Appends lines to the delivery log in the order given, a thousand to a statement: each
    /// round trip lengthens the transaction, and other dispatchers skip the rows it holds.
    static func appendLog(_ connection: PostgresConnection, _ entries: [DeliveryLogEntry], logger: Logger) async throws {
        // Ten binds a line keeps a statement well under PostgreSQL's 65,535.
        for chunk in entries.chunked(into: 1000) {
            var binds = PostgresBindings(capacity: chunk.count * 10)
            var rows: [String] = []
            for entry in chunk {
                let first = binds.count + 1
                binds.append(entry.messageKey)
                binds.append(milliseconds(entry.at))
                binds.append(entry.event.rawValue)
                binds.append(entry.gateway)
                binds.append(entry.httpStatus)
                binds.append(entry.latencyMilliseconds)
                binds.append(entry.error)
                binds.append(entry.fromState?.rawValue)
                binds.append(entry.toState?.rawValue)
                binds.append(entry.detail)
                rows.append("(" + (first...binds.count).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            // Rows of a multi-row VALUES are inserted, and numbered by `id`, in their order.
            try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO delivery_log (message_key, at_ms, event, gateway, http_status, latency_ms, error, from_state, to_state, detail)
                VALUES \(rows.joined(separator: ", "))
                """, binds: binds), logger: logger)
        }
    }
}

extension AttemptRecord.Consequence {
    /// Where the message goes when no report overtook its send.
    fileprivate var state: OutboxState {
        switch self {
        case .accepted: .accepted
        case .retry: .queued
        case .failed: .failed
        case .expired: .expired
        case .optedOut: .optedOut
        }
    }
}

extension PostgresQuery.StringInterpolation {
    /// What an attempt's consequence sets besides the state, each column after a comma: the
    /// provider's id and the send time when accepted (even if a report overtook it, so later
    /// reports still find the message), the next try's time on a retry.
    fileprivate mutating func appendInterpolation(columnsSetBy attempt: AttemptRecord) {
        switch attempt.consequence {
        case .accepted(let providerID):
            appendInterpolation(unescaped: ", provider_id = ")
            appendInterpolation(providerID)
            appendInterpolation(unescaped: ", sent_at = ")
            appendInterpolation(PostgresStore.seconds(attempt.at))
        case .retry(let at):
            appendInterpolation(unescaped: ", next_attempt_at = ")
            appendInterpolation(Int(at.timeIntervalSince1970.rounded(.up)))
        case .failed, .expired, .optedOut:
            break
        }
    }
}
