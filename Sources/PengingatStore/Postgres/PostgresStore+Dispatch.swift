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
        try await write { connection in
            let now = Self.seconds(request.now)
            // Abandoned claims first, as SQLite does, then queued rows in claim order from the
            // partial index, with opt-out joined in; rows another dispatcher holds are skipped.
            var candidates = try await Self.claimCandidates(connection, """
                SELECT \(unescaped: OutboxQueries.claimColumns) FROM outbox o
                WHERE o.state = 'sending' AND o.lease_until <= \(now) AND o.due_at <= \(now) AND o.expires_at > \(now)
                ORDER BY o.priority, o.due_at, o.key COLLATE "C" LIMIT \(Self.rowLimit(request.limit))
                FOR UPDATE OF o SKIP LOCKED
                """, logger: logger)
            let remaining = request.limit - candidates.count
            if remaining != 0 {
                candidates += try await Self.claimCandidates(connection, """
                    SELECT \(unescaped: OutboxQueries.claimColumns) FROM outbox o
                    WHERE o.state = 'queued' AND o.due_at <= \(now) AND o.expires_at > \(now)
                      AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= \(now))
                    ORDER BY o.priority, o.due_at, o.key COLLATE "C" LIMIT \(Self.rowLimit(remaining))
                    FOR UPDATE OF o SKIP LOCKED
                    """, logger: logger)
            }
            guard !candidates.isEmpty else { return ClaimBatch() }
            // The phones' counts for today, locked in phone order: two dispatchers claiming for
            // one phone take turns here, so the cap holds across them.
            let today = PhoneDay.day(containing: request.now)
            let phones = Array(Set(candidates.filter(\.message.countsAgainstPhoneCap).map(\.message.phone.e164))).sorted()
            var sends: [PhoneDay: Int] = [:]
            if !phones.isEmpty {
                try await connection.query("""
                    INSERT INTO phone_day_sends (phone, day, sends) SELECT phone, \(today), 0 FROM unnest(\(phones)) AS p (phone)
                    ON CONFLICT (phone, day) DO NOTHING
                    """, logger: logger)
                for try await (phone, count) in try await connection.query("""
                    SELECT phone, sends FROM phone_day_sends WHERE day = \(today) AND phone = ANY(\(phones))
                    ORDER BY phone FOR UPDATE
                    """, logger: logger).decode((String, Int).self) {
                    sends[PhoneDay(phone: phone, day: today)] = count
                }
            }
            let decision = ClaimRule.decide(candidates, sends: sends, cap: request.phoneCap, owner: request.owner, now: request.now)
            if !decision.claimed.isEmpty {
                let keys = decision.claimed.map(\.key)
                let holds = keys.map { decision.holds[$0] ?? Self.none }  // arrays carry no NULLs: a sentinel does
                try await connection.query("""
                    UPDATE outbox o SET state = 'sending', lease_owner = \(request.owner),
                        lease_until = \(Self.seconds(request.leaseUntil)), cap_day = NULLIF(c.cap_day, \(Self.none))
                    FROM unnest(\(keys)::text[], \(holds)::bigint[]) AS c (key, cap_day) WHERE o.key = c.key
                    """, logger: logger)
            }
            let settled = decision.settlements
            let settledKeys = settled.map(\.key)
            let settledStates = settled.map(\.state.rawValue)
            let settledNext = settled.map { $0.retryAt.map(Self.seconds) ?? Self.none }
            if !settledKeys.isEmpty {
                try await connection.query("""
                    UPDATE outbox o SET state = c.state, next_attempt_at = COALESCE(NULLIF(c.next_at, \(Self.none)), o.next_attempt_at),
                        lease_owner = NULL, lease_until = NULL, cap_day = NULL
                    FROM unnest(\(settledKeys)::text[], \(settledStates)::text[], \(settledNext)::bigint[]) AS c (key, state, next_at)
                    WHERE o.key = c.key
                    """, logger: logger)
            }
            try await Self.changePhoneDaySends(connection, decision.phoneDayChanges, logger: logger)
            try await Self.appendLog(connection, decision.log, logger: logger)
            return ClaimBatch(decision)
        }
    }

    /// Stands for NULL in the integer arrays `unnest` reads (postgres-nio binds no optional elements).
    private static let none = -1

    private static func claimCandidates(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws
        -> [ClaimCandidate] {
        var candidates: [ClaimCandidate] = []
        for try await row in try await connection.query(query, logger: logger) {
            let (key, source, phoneText, channelText, text, expiresAt, attempts, template, email, subject, stateText, capDay,
                 onRoster, reachable) = try row.decode(
                (String, String, String, String, String, Int, Int, String?, String?, String?, String, Int?, Int, Int).self)
            guard let phone = PhoneNumber(e164: phoneText), let channel = Household.Channel(rawValue: channelText),
                  let state = OutboxState(rawValue: stateText)
            else { throw CorruptRowError(table: "outbox", id: key, column: "phone/channel/state") }
            let message = ClaimedMessage(
                key: key, source: source, phone: phone, channel: channel, text: text, expiresAt: Self.date(seconds: expiresAt),
                attempts: attempts,
                whatsAppTemplate: template.flatMap { try? JSONDecoder().decode(WhatsAppTemplateCall.self, from: Data($0.utf8)) },
                email: email.map { EmailEnvelope(address: $0, subject: subject ?? "") })
            candidates.append(ClaimCandidate(message: message, state: state, heldDay: capDay, householdsOnRoster: onRoster,
                                             householdsReachable: reachable))
        }
        return candidates
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
            // One statement per table. The rows are locked in key order, the order every
            // transaction that locks several uses, from the lease check to the commit: a
            // dispatcher reclaiming one passes it over meanwhile.
            var held: [String: (state: OutboxState, phone: String, capDay: Int?)] = [:]
            for try await (key, stateText, phone, capDay) in try await connection.query("""
                SELECT o.key, o.state, o.phone, o.cap_day FROM outbox o
                JOIN unnest(\(attempts.map(\.key))::text[], \(attempts.map(\.owner))::text[]) AS a (key, owner)
                  ON o.key = a.key AND o.lease_owner = a.owner
                ORDER BY o.key COLLATE "C" FOR UPDATE OF o
                """, logger: logger).decode((String, String, String, Int?).self) {
                guard let state = OutboxState(rawValue: stateText) else { continue }
                held[key] = (state, phone, capDay)
            }
            var results: [Bool] = []
            var finished = Set<String>()
            var entries: [DeliveryLogEntry] = []
            var givenBack: [(phone: String, day: Int?)] = []
            var keys: [String] = [], owners: [String] = [], gateways: [String] = [], states: [String] = []
            var accepted: [Bool] = [], providerIDs: [String] = [], sentAts: [Int] = [], nextAts: [Int] = [], keeps: [Bool] = []
            for attempt in attempts {
                // A key given twice in one batch is finished once, as its first record says.
                guard let row = held[attempt.key], finished.insert(attempt.key).inserted else {
                    results.append(false)
                    continue
                }
                let outcome = AttemptRule.outcome(of: attempt, current: row.state)
                keys.append(attempt.key); owners.append(attempt.owner); gateways.append(attempt.gateway)
                states.append(outcome.state.rawValue); accepted.append(attempt.consequence.isAccepted)
                providerIDs.append(outcome.providerID ?? ""); sentAts.append(outcome.sentAt.map(Self.seconds) ?? Self.none)
                nextAts.append(outcome.nextAttemptAt.map(Self.seconds) ?? Self.none); keeps.append(outcome.keepsPhoneDaySend)
                if !outcome.keepsPhoneDaySend { givenBack.append((row.phone, row.capDay)) }
                entries.append(outcome.logEntry)
                results.append(true)
            }
            if !keys.isEmpty {
                try await connection.query("""
                    UPDATE outbox o SET attempts = o.attempts + 1, lease_owner = NULL, lease_until = NULL, gateway = u.gateway,
                        state = u.state, provider_id = CASE WHEN u.accepted THEN NULLIF(u.provider_id, '') ELSE o.provider_id END,
                        sent_at = COALESCE(NULLIF(u.sent_at, \(Self.none)), o.sent_at),
                        next_attempt_at = COALESCE(NULLIF(u.next_at, \(Self.none)), o.next_attempt_at),
                        cap_day = CASE WHEN u.keep THEN o.cap_day END
                    FROM unnest(\(keys)::text[], \(owners)::text[], \(gateways)::text[], \(states)::text[], \(accepted)::boolean[],
                                \(providerIDs)::text[], \(sentAts)::bigint[], \(nextAts)::bigint[], \(keeps)::boolean[])
                        AS u (key, owner, gateway, state, accepted, provider_id, sent_at, next_at, keep)
                    WHERE o.key = u.key AND o.lease_owner = u.owner
                    """, logger: logger)
            }
            try await Self.changePhoneDaySends(connection, ClaimRule.givenBack(givenBack), logger: logger)
            try await Self.appendLog(connection, entries, logger: logger)
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
            let rows = try await connection.query("""
                SELECT key, state, phone, cap_day FROM outbox WHERE expires_at <= \(seconds)
                  AND (state = 'queued' OR (state = 'sending' AND lease_until <= \(seconds)))
                ORDER BY key COLLATE "C" FOR UPDATE SKIP LOCKED
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

