import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: DispatchStore {
    public func claim(_ request: ClaimRequest) async throws -> ClaimBatch {
        guard request.limit > 0 else { return ClaimBatch() }
        return try await write { db in
            let now = Int(request.now.timeIntervalSince1970)
            // Abandoned claims first (few), then queued rows in claim order from the partial
            // index; opt-out is joined in, so nothing is read again per message.
            var candidates = try Self.claimCandidates(db, sql: """
                SELECT \(OutboxQueries.claimColumns) FROM outbox o INDEXED BY outbox_claims_by_lease
                WHERE o.state = 'sending' AND o.lease_until <= ? AND o.due_at <= ? AND o.expires_at > ?
                ORDER BY o.priority, o.due_at, o.key LIMIT ?
                """, arguments: [now, now, now, request.limit])
            if candidates.count < request.limit {
                candidates += try Self.claimCandidates(db, sql: """
                    SELECT \(OutboxQueries.claimColumns) FROM outbox o INDEXED BY outbox_queued_in_claim_order
                    WHERE o.state = 'queued' AND o.due_at <= ? AND o.expires_at > ? AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
                    ORDER BY o.priority, o.due_at, o.key LIMIT ?
                    """, arguments: [now, now, now, request.limit - candidates.count])
            }
            guard !candidates.isEmpty else { return ClaimBatch() }
            let today = PhoneDay.day(containing: request.now)
            var sends: [PhoneDay: Int] = [:]
            let count = try BulkStatement(cached: db, sql: "SELECT sends FROM phone_day_sends WHERE phone = ? AND day = ?")
            for phone in Set(candidates.filter(\.message.countsAgainstPhoneCap).map(\.message.phone.e164)) {
                sends[PhoneDay(phone: phone, day: today)] = try count.fetchFirst({ row in
                    row.text(phone)
                    row.int(today)
                }, { $0.int(0) ?? 0 }) ?? 0
            }
            let decision = ClaimRule.decide(candidates, sends: sends, cap: request.phoneCap, owner: request.owner, now: request.now)
            let lease = Int(request.leaseUntil.timeIntervalSince1970)
            let claim = try BulkStatement(cached: db, sql: """
                UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?, cap_day = ? WHERE key = ?
                """)
            for message in decision.claimed {
                try claim.execute { row in
                    row.text(request.owner)
                    row.int(lease)
                    row.int(decision.holds[message.key])
                    row.text(message.key)
                }
            }
            let settle = try db.cachedStatement(sql: """
                UPDATE outbox SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at), lease_owner = NULL,
                    lease_until = NULL, cap_day = NULL WHERE key = ?
                """)
            for settlement in decision.settlements {
                try settle.execute(arguments: [settlement.state.rawValue, settlement.retryAt.map { Int($0.timeIntervalSince1970) },
                                               settlement.key])
            }
            try Self.changePhoneDaySends(db, decision.phoneDayChanges)
            try Self.appendLog(db, decision.log)
            return ClaimBatch(decision)
        }
    }

    private static func claimCandidates(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ClaimCandidate] {
        var candidates: [ClaimCandidate] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try rows.next() {
            candidates.append(try OutboxQueries.claimCandidate(
                key: row[0], source: row[1], phone: row[2], channel: row[3], text: row[4], expiresAt: row[5], attempts: row[6],
                whatsAppTemplate: row[7], emailAddress: row[8], emailSubject: row[9], state: row[10], capDay: row[11],
                householdsOnRoster: row[12], householdsReachable: row[13]))
        }
        return candidates
    }

    public func renewLease(keys: [String], owner: String, until: Date) async throws -> Int {
        try await write { db in
            var renewed = 0
            let statement = try db.cachedStatement(sql: """
                UPDATE outbox SET lease_until = ? WHERE key = ? AND lease_owner = ? AND state = 'sending'
                """)
            for key in keys {
                try statement.execute(arguments: [Int(until.timeIntervalSince1970), key, owner])
                renewed += db.changesCount
            }
            return renewed
        }
    }

    public func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool] {
        try await write { db in
            let held = try BulkStatement(cached: db, sql: "SELECT state, phone, cap_day FROM outbox WHERE key = ? AND lease_owner = ?")
            let update = try BulkStatement(cached: db, sql: """
                UPDATE outbox SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, gateway = ?, state = ?,
                    provider_id = CASE WHEN ? THEN ? ELSE provider_id END, sent_at = COALESCE(?, sent_at),
                    next_attempt_at = COALESCE(?, next_attempt_at), cap_day = CASE WHEN ? THEN cap_day END
                WHERE key = ?
                """)
            var results: [Bool] = []
            var entries: [DeliveryLogEntry] = []
            var givenBack: [(phone: String, day: Int?)] = []
            for attempt in attempts {
                guard let row = try held.fetchFirst({ row in
                          row.text(attempt.key)
                          row.text(attempt.owner)
                      }, { (state: $0.text(0), phone: $0.text(1) ?? "", capDay: $0.int(2)) }),
                      let current = row.state.flatMap(OutboxState.init(rawValue:))
                else {
                    results.append(false)
                    continue
                }
                let outcome = AttemptRule.outcome(of: attempt, current: current)
                try update.execute { row in
                    row.text(attempt.gateway)
                    row.text(outcome.state.rawValue)
                    row.bool(attempt.consequence.isAccepted)
                    row.text(outcome.providerID)
                    row.int(outcome.sentAt.map { Int($0.timeIntervalSince1970) })
                    row.int(outcome.nextAttemptAt.map { Int($0.timeIntervalSince1970) })
                    row.bool(outcome.keepsPhoneDaySend)
                    row.text(attempt.key)
                }
                if !outcome.keepsPhoneDaySend { givenBack.append((row.phone, row.capDay)) }
                entries.append(outcome.logEntry)
                results.append(true)
            }
            try Self.changePhoneDaySends(db, ClaimRule.givenBack(givenBack))
            try Self.appendLog(db, entries)
            return results
        }
    }

    public func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                           error: String?) async throws {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE key = ? AND lease_owner = ?",
                                    arguments: [key, owner]) != nil else { return }
            try Self.appendLog(db, [AttemptRule.passingAttempt(key: key, gateway: gateway, at: at, httpStatus: httpStatus,
                                                               latency: latency, error: error)])
        }
    }

    public func release(keys: [String], owner: String, at: Date) async throws -> Int {
        try await write { db in
            var ended: [Row] = []
            for key in keys {
                if let row = try Row.fetchOne(db, sql: """
                    SELECT key, state, phone, cap_day FROM outbox WHERE key = ? AND lease_owner = ? AND state = 'sending'
                    """, arguments: [key, owner]) { ended.append(row) }
            }
            return try Self.endClaims(db, ended, to: .queued) { key, _ in OutboxTransition.released(key, by: owner, at: at) }
        }
    }

    public func expireOverdue(now: Date) async throws -> Int {
        try await write { db in
            let seconds = Int(now.timeIntervalSince1970)
            // One arm per state, so each walks its partial index (queued rows by expiry, claims
            // by lease) instead of every retained row whose expiry has passed.
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, state, phone, cap_day FROM outbox WHERE state = 'queued' AND expires_at <= ?
                UNION ALL
                SELECT key, state, phone, cap_day FROM outbox WHERE state = 'sending' AND lease_until <= ? AND expires_at <= ?
                """, arguments: [seconds, seconds, seconds])
            return try Self.endClaims(db, rows, to: .expired) { key, state in OutboxTransition.expired(key, from: state, at: now) }
        }
    }

    /// Moves the rows (key, state, phone, cap_day) to `state` without an attempt, clearing their
    /// lease and giving back the phone's send each held; logs each with `entry`.
    private static func endClaims(
        _ db: Database, _ rows: [Row], to state: OutboxState, entry: (String, OutboxState) -> DeliveryLogEntry
    ) throws -> Int {
        let update = try db.cachedStatement(sql: """
            UPDATE outbox SET state = ?, lease_owner = NULL, lease_until = NULL, cap_day = NULL WHERE key = ?
            """)
        var entries: [DeliveryLogEntry] = []
        for row in rows {
            let key: String = row[0]
            try update.execute(arguments: [state.rawValue, key])
            entries.append(entry(key, OutboxState(rawValue: row[1]) ?? .sending))
        }
        try changePhoneDaySends(db, ClaimRule.givenBack(rows.map { ($0[2], $0[3]) }))
        try appendLog(db, entries)
        return entries.count
    }

    public func markUnconfirmed(acceptedBefore: Date, now: Date) async throws -> Int {
        try await write { db in
            let keys = try String.fetchAll(db, sql: "SELECT key FROM outbox WHERE state = 'accepted' AND sent_at < ?",
                                           arguments: [Int(acceptedBefore.timeIntervalSince1970)])
            for key in keys {
                try db.execute(sql: "UPDATE outbox SET state = 'unconfirmed' WHERE key = ?", arguments: [key])
            }
            try Self.appendLog(db, keys.map { OutboxTransition.unconfirmed($0, at: now) })
            return keys.count
        }
    }

    public func applyReport(_ report: DeliveryReport) async throws -> ReportOutcome {
        try await write { db in
            let row: Row?
            switch report.match {
            case .key(let key):
                row = try Row.fetchOne(db, sql: "SELECT key, state FROM outbox WHERE key = ?", arguments: [Self.currentKey(db, key)])
            case .providerID(let id):
                row = try Row.fetchOne(db, sql: "SELECT key, state FROM outbox WHERE provider_id = ?", arguments: [id])
            }
            guard let row, let current = OutboxState(rawValue: row[1]) else { return .unknownMessage }
            let key: String = row[0]
            let decision = ReportRule.decide(report, key: key, current: current)
            if let state = decision.newState {
                try db.execute(sql: "UPDATE outbox SET state = ? WHERE key = ?", arguments: [state.rawValue, key])
            }
            try Self.appendLog(db, [decision.logEntry])
            return decision.outcome
        }
    }

    public func phoneDaySends(_ phone: PhoneNumber, on instant: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT sends FROM phone_day_sends WHERE phone = ? AND day = ?",
                             arguments: [phone.e164, PhoneDay.day(containing: instant)]) ?? 0
        }
    }

    /// Adds each change to its phone's count for the day (never below zero).
    static func changePhoneDaySends(_ db: Database, _ changes: [PhoneDay: Int]) throws {
        guard !changes.isEmpty else { return }
        let statement = try BulkStatement(cached: db, sql: """
            INSERT INTO phone_day_sends (phone, day, sends) VALUES (?, ?, MAX(?, 0))
            ON CONFLICT (phone, day) DO UPDATE SET sends = MAX(sends + ?, 0)
            """)
        for (phoneDay, change) in changes.sorted(by: { $0.key < $1.key }) {
            try statement.execute { row in
                row.text(phoneDay.phone)
                row.int(phoneDay.day)
                row.int(change)
                row.int(change)
            }
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
            if let beforeLine = filter.beforeLine {
                conditions.append("l.id < ?")
                arguments += [beforeLine]
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
                    toState: (row["to_state"] as String?).flatMap(OutboxState.init(rawValue:)), detail: row["detail"],
                    line: row["id"])
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

    /// Appends lines to the append-only delivery log, in order.
    static func appendLog(_ db: Database, _ entries: [DeliveryLogEntry]) throws {
        guard !entries.isEmpty else { return }
        let statement = try BulkStatement(cached: db, sql: Self.appendLogSQL)
        for entry in entries {
            try statement.execute { entry.write(to: &$0) }
        }
    }

    private static let appendLogSQL = """
        INSERT INTO delivery_log (\(DeliveryLogEntry.storedColumns.joined(separator: ", ")))
        VALUES (\(DeliveryLogEntry.storedColumns.map { _ in "?" }.joined(separator: ", ")))
        """
}
