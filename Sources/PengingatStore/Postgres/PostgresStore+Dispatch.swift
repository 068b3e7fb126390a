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
    public func claim(_ request: ClaimRequest) async throws -> ClaimBatch {
        guard request.limit > 0 else { return ClaimBatch() }
        return try await write { connection in
            var candidates: [ClaimCandidate] = []
            for try await candidate in try await connection.execute(
                ClaimCandidatesStatement(now: Self.seconds(request.now), limit: request.limit), logger: logger) {
                candidates.append(candidate)
            }
            guard !candidates.isEmpty else { return ClaimBatch() }
            let today = PhoneDay.day(containing: request.now)
            let phones = Array(Set(candidates.filter(\.message.countsAgainstPhoneCap).map(\.message.phone.e164)))
            var sends: [PhoneDay: Int] = [:]
            if !phones.isEmpty {
                for try await (phone, count) in try await connection.execute(
                    PhoneDayCountsStatement(phones: phones, day: today), logger: logger) {
                    sends[PhoneDay(phone: phone, day: today)] = count
                }
            }
            let decision = ClaimRule.decide(candidates, sends: sends, cap: request.phoneCap, owner: request.owner, now: request.now)
            var write = ClaimWriteStatement(
                owner: request.owner, leaseUntil: Self.seconds(request.leaseUntil), day: today,
                log: Self.deliveryLogJSON(decision.log))
            for message in decision.claimed {
                write.claimedKeys.append(message.key)
                write.claimedDays.append(decision.holds[message.key] ?? Self.none)  // arrays carry no NULLs: a sentinel does
            }
            for settlement in decision.settlements {
                write.settledKeys.append(settlement.key)
                write.settledStates.append(settlement.state.rawValue)
                write.settledNext.append(settlement.retryAt.map(Self.seconds) ?? Self.none)
            }
            // Today's rows are locked, so their new counts follow from the ones read. Another
            // day's (a claim abandoned before midnight) are changed apart, in phone order, as
            // every other transaction changes them.
            var otherDays: [PhoneDay: Int] = [:]
            for (phoneDay, change) in decision.phoneDayChanges {
                if phoneDay.day == today, let count = sends[phoneDay] {
                    write.countedPhones.append(phoneDay.phone)
                    write.countedSends.append(max(count + change, 0))
                } else {
                    otherDays[phoneDay] = change
                }
            }
            try await connection.execute(write, logger: logger)
            try await Self.changePhoneDaySends(connection, otherDays, logger: logger)
            return ClaimBatch(decision)
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

    public func finishAttempts(_ attempts: [AttemptRecord]) async throws -> [Bool] {
        guard !attempts.isEmpty else { return [] }
        return try await write { connection in
            // Locked in key order, the order every transaction that locks several uses, from
            // the lease check to the commit: a dispatcher reclaiming one passes it over meanwhile.
            var held: [String: (state: OutboxState, phone: String, capDay: Int?)] = [:]
            for try await (key, stateText, phone, capDay) in try await connection.execute(
                HeldAttemptsStatement(keys: attempts.map(\.key), owners: attempts.map(\.owner)), logger: logger) {
                guard let state = OutboxState(rawValue: stateText) else { continue }
                held[key] = (state, phone, capDay)
            }
            var results: [Bool] = []
            var finished = Set<String>()
            var entries: [DeliveryLogEntry] = []
            var givenBack: [(phone: String, day: Int?)] = []
            var write = FinishAttemptsStatement()
            for attempt in attempts {
                // A key given twice in one batch is finished once, as its first record says.
                guard let row = held[attempt.key], finished.insert(attempt.key).inserted else {
                    results.append(false)
                    continue
                }
                let outcome = AttemptRule.outcome(of: attempt, current: row.state)
                write.keys.append(attempt.key)
                write.owners.append(attempt.owner)
                write.gateways.append(attempt.gateway)
                write.states.append(outcome.state.rawValue)
                write.accepted.append(attempt.consequence.isAccepted)
                write.providerIDs.append(outcome.providerID ?? "")
                write.sentAts.append(outcome.sentAt.map(Self.seconds) ?? Self.none)
                write.nextAts.append(outcome.nextAttemptAt.map(Self.seconds) ?? Self.none)
                write.keeps.append(outcome.keepsPhoneDaySend)
                if !outcome.keepsPhoneDaySend { givenBack.append((row.phone, row.capDay)) }
                entries.append(outcome.logEntry)
                results.append(true)
            }
            if !write.keys.isEmpty {
                write.log = Self.deliveryLogJSON(entries)
                try await connection.execute(write, logger: logger)
            }
            try await Self.changePhoneDaySends(connection, ClaimRule.givenBack(givenBack), logger: logger)
            return results
        }
    }

    public func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                           error: String?) async throws {
        try await write { connection in
            let held = try await connection.query(
                "SELECT 1 FROM outbox WHERE key = \(key) AND lease_owner = \(owner)", logger: logger).collect()
            guard !held.isEmpty else { return }
            try await Self.appendLog(connection, [AttemptRule.passingAttempt(
                key: key, gateway: gateway, at: at, httpStatus: httpStatus, latency: latency, error: error)], logger: logger)
        }
    }

    public func release(keys: [String], owner: String, at: Date) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await write { connection in
            var released: [String: (phone: String, day: Int?)] = [:]
            for try await (key, phone, day) in try await connection.query("""
                UPDATE outbox o SET state = 'queued', lease_owner = NULL, lease_until = NULL, cap_day = NULL
                FROM (SELECT key, cap_day FROM outbox WHERE key = ANY(\(keys)) AND lease_owner = \(owner) AND state = 'sending'
                      ORDER BY key COLLATE "C" FOR UPDATE) AS old
                WHERE o.key = old.key
                RETURNING o.key, o.phone, old.cap_day
                """, logger: logger).decode((String, String, Int?).self) {
                released[key] = (phone, day)
            }
            // Logged in the order given, each key once, as SQLite's one update a key logs them.
            var entries: [DeliveryLogEntry] = []
            var givenBack: [(phone: String, day: Int?)] = []
            for key in keys {
                guard let hold = released.removeValue(forKey: key) else { continue }
                givenBack.append(hold)
                entries.append(OutboxTransition.released(key, by: owner, at: at))
            }
            try await Self.changePhoneDaySends(connection, ClaimRule.givenBack(givenBack), logger: logger)
            try await Self.appendLog(connection, entries, logger: logger)
            return entries.count
        }
    }

    public func expireOverdue(now: Date) async throws -> Int {
        try await write { connection in
            let seconds = Self.seconds(now)
            // One arm per state, so each walks its partial index (queued rows by expiry, claims
            // by lease) instead of every retained row whose expiry has passed.
            let rows = try await connection.query("""
                WITH queued AS (
                    SELECT key, state, phone, cap_day FROM outbox WHERE state = 'queued' AND expires_at <= \(seconds)
                    ORDER BY key COLLATE "C" FOR UPDATE SKIP LOCKED),
                abandoned AS (
                    SELECT key, state, phone, cap_day FROM outbox
                    WHERE state = 'sending' AND lease_until <= \(seconds) AND expires_at <= \(seconds)
                    ORDER BY key COLLATE "C" FOR UPDATE SKIP LOCKED)
                SELECT * FROM queued UNION ALL SELECT * FROM abandoned
                """, logger: logger).collect().map { try $0.decode((String, String, String, Int?).self) }
            guard !rows.isEmpty else { return 0 }
            let keys = rows.map { key, _, _, _ in key }
            try await connection.query("""
                UPDATE outbox SET state = 'expired', lease_owner = NULL, lease_until = NULL, cap_day = NULL WHERE key = ANY(\(keys))
                """, logger: logger)
            try await Self.changePhoneDaySends(connection, ClaimRule.givenBack(rows.map { _, _, phone, day in (phone, day) }),
                                               logger: logger)
            try await Self.appendLog(connection, rows.map { key, state, _, _ in
                OutboxTransition.expired(key, from: OutboxState(rawValue: state) ?? .queued, at: now)
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
            try await Self.appendLog(connection, keys.map { OutboxTransition.unconfirmed($0, at: now) }, logger: logger)
            return keys.count
        }
    }

    public func applyReport(_ report: DeliveryReport) async throws -> ReportOutcome {
        try await write { connection in
            // Locked, so two reports for one message (or a report and its send's outcome) apply
            // one after the other and a status still never moves backwards.
            let query: PostgresQuery
            switch report.match {
            case .key(let given):
                let key = try await Self.currentKey(connection, given, logger: logger)
                query = "SELECT key, state FROM outbox WHERE key = \(key) FOR UPDATE"
            case .providerID(let id):
                query = "SELECT key, state FROM outbox WHERE provider_id = \(id) LIMIT 1 FOR UPDATE"
            }
            guard let row = try await connection.query(query, logger: logger).collect().first else { return .unknownMessage }
            let (key, state) = try row.decode((String, String).self)
            guard let current = OutboxState(rawValue: state) else { return .unknownMessage }
            let decision = ReportRule.decide(report, key: key, current: current)
            if let next = decision.newState {
                try await connection.query("UPDATE outbox SET state = \(next.rawValue) WHERE key = \(key)", logger: logger)
            }
            try await Self.appendLog(connection, [decision.logEntry], logger: logger)
            return decision.outcome
        }
    }

    public func phoneDaySends(_ phone: PhoneNumber, on instant: Date) async throws -> Int {
        try await read { connection in
            try await connection.query("""
                SELECT sends FROM phone_day_sends WHERE phone = \(phone.e164) AND day = \(PhoneDay.day(containing: instant))
                """, logger: logger).collect().first?.decode(Int.self) ?? 0
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
            if let beforeLine = filter.beforeLine { conditions.append("l.id < \(parameter(beforeLine))") }
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
                SELECT message_key, at_ms, event, gateway, http_status, latency_ms, error, from_state, to_state, detail, id FROM (
                    SELECT l.id, l.message_key, l.at_ms, l.event, l.gateway, l.http_status, l.latency_ms, l.error,
                           l.from_state, l.to_state, l.detail
                    FROM delivery_log l JOIN outbox o ON o.key = l.message_key \(condition)
                    ORDER BY l.id DESC LIMIT \(limit)) AS latest
                ORDER BY id
                """
            var entries: [DeliveryLogEntry] = []
            for try await (key, atMilliseconds, event, gateway, httpStatus, latency, error, fromState, toState, detail, line)
                in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                .decode((String, Int, String, String?, Int?, Int?, String?, String?, String?, String?, Int64).self) {
                entries.append(DeliveryLogEntry(
                    messageKey: key, at: Self.date(milliseconds: atMilliseconds), event: DeliveryLogEntry.Event(rawValue: event) ?? .status,
                    gateway: gateway, httpStatus: httpStatus, latencyMilliseconds: latency, error: error,
                    fromState: fromState.flatMap(OutboxState.init(rawValue:)), toState: toState.flatMap(OutboxState.init(rawValue:)),
                    detail: detail, line: line))
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
    /// Adds each change to its phone's count for the day (never below zero), in phone order.
    static func changePhoneDaySends(_ connection: PostgresConnection, _ changes: [PhoneDay: Int], logger: Logger) async throws {
        let taken = changes.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let givenBack = changes.filter { $0.value < 0 }.sorted { $0.key < $1.key }
        if !taken.isEmpty {
            try await connection.query("""
                INSERT INTO phone_day_sends (phone, day, sends)
                SELECT * FROM unnest(\(taken.map(\.key.phone))::text[], \(taken.map(\.key.day))::bigint[], \(taken.map(\.value))::integer[])
                ON CONFLICT (phone, day) DO UPDATE SET sends = phone_day_sends.sends + excluded.sends
                """, logger: logger)
        }
        if !givenBack.isEmpty {
            try await connection.query("""
                UPDATE phone_day_sends s SET sends = GREATEST(s.sends + c.change, 0)
                FROM unnest(\(givenBack.map(\.key.phone))::text[], \(givenBack.map(\.key.day))::bigint[],
                            \(givenBack.map(\.value))::integer[]) AS c (phone, day, change)
                WHERE s.phone = c.phone AND s.day = c.day
                """, logger: logger)
        }
    }

    /// Appends lines to the delivery log in the order given, ten thousand to a statement (a
    /// bound on the JSON parameter's size, not on the server).
    static func appendLog(_ connection: PostgresConnection, _ entries: [DeliveryLogEntry], logger: Logger) async throws {
        for chunk in entries.chunked(into: 10_000) {
            try await connection.execute(AppendLogStatement(log: deliveryLogJSON(chunk)), logger: logger)
        }
    }
}

