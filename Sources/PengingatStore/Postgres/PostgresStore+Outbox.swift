import Foundation
import PengingatCore
import PostgresNIO

/// The outbox on PostgreSQL, as `SQLiteStore` keeps it.
///
/// Planners and dispatchers on other machines share these rows: whatever reads a row to decide
/// how to change it locks it first (`FOR UPDATE`), where SQLite's single writer made that
/// unnecessary. Keys are ordered with `COLLATE "C"`, byte by byte as SQLite orders them.
extension PostgresStore: OutboxStore {
    public func liveItems(among itemKeys: [String]) async throws -> [String: String] {
        guard !itemKeys.isEmpty else { return [:] }
        return try await read { connection in
            var result: [String: String] = [:]
            for try await (itemKey, messageKey) in try await connection.query("""
                SELECT i.item_key, i.message_key FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                WHERE o.state <> 'cancelled' AND i.item_key = ANY(\(itemKeys))
                """, logger: logger).decode((String, String).self) {
                result[itemKey] = messageKey
            }
            return result
        }
    }

    public func commit(
        _ messages: [OutboxMessage], source: String, groupID: Group.ID?, window: DateInterval, stale: Set<String>, at: Date
    ) async throws -> OutboxCommitSummary {
        let summary = try await write { connection in
            let keys = Array(Set(messages.map(\.key)).union(stale))
            // Only pending messages are locked (until the commit): a dispatcher skips one being
            // rewritten rather than claim it halfway, and never waits here to record a send.
            var stored: [String: OutboxMessage] = [:]
            for message in try await loadOutboxMessages("""
                SELECT \(unescaped: Self.outboxSelection) FROM outbox o
                WHERE o.key = ANY(\(keys)) AND o.state IN ('queued', 'cancelled')
                ORDER BY o.key COLLATE "C" FOR UPDATE
                """, on: connection) {
                stored[message.key] = message
            }
            for message in try await loadOutboxMessages("""
                SELECT \(unescaped: Self.outboxSelection) FROM outbox o
                WHERE o.key = ANY(\(keys)) AND o.state NOT IN ('queued', 'cancelled')
                """, on: connection) {
                stored[message.key] = message
            }
            let pending = try await connection.query("""
                SELECT key FROM outbox
                WHERE source = \(source) AND state = 'queued' AND due_at >= \(Self.seconds(window.start))
                  AND due_at < \(Self.seconds(window.end)) AND \(groupIs: groupID)
                ORDER BY due_at, key COLLATE "C" FOR UPDATE
                """, logger: logger).collect().map { try $0.decode(String.self) }
            var changes = PlanCommitRule.changes(planned: messages, stored: stored, pendingInWindow: pending, stale: stale,
                                                 source: source, at: at)
            for write in changes.writes {
                switch write {
                case .insert(let message):
                    // Another planner may have inserted the key since it was read: then it is theirs.
                    guard try await insertOutboxRow(message, on: connection) else {
                        changes.summary.inserted -= 1
                        changes.summary.alreadyUnderway += 1
                        continue
                    }
                case .rewrite(let message):
                    try await rewriteOutboxRow(message, on: connection)
                    try await connection.query("DELETE FROM outbox_items WHERE message_key = \(message.key)", logger: logger)
                }
                try await insertItems(of: write.message, on: connection)
            }
            if !changes.withdrawals.isEmpty {
                try await connection.query("""
                    UPDATE outbox SET state = 'cancelled' WHERE key = ANY(\(changes.withdrawals.map(\.messageKey))) AND state = 'queued'
                    """, logger: logger)
            }
            try await Self.appendLog(connection, changes.withdrawals, logger: logger)
            return changes.summary
        }
        if summary.inserted >= Self.analyzeAfterInserting {
            await refreshOutboxStatistics()
        }
        return summary
    }

    /// A burst of new queued rows leaves the planner's statistics saying almost nothing is
    /// queued; it then reads every queued row through another index and sorts them for each
    /// claim (20–90 ms) instead of walking the claim-order index to its limit. Autovacuum would
    /// correct this within minutes; a plan is committed once and sent at once.
    static let analyzeAfterInserting = 1_000

    func refreshOutboxStatistics() async {
        do {
            try await read { connection in
                _ = try await connection.query("ANALYZE outbox, outbox_items", logger: logger)
            }
        } catch {
            logger.warning("outbox statistics not refreshed; claims may be slow until autovacuum does it",
                           metadata: ["error.code": "\(error.code)"])
        }
    }

    public func outboxMessages(dueIn window: DateInterval, groupID: Group.ID?) async throws -> [OutboxMessage] {
        try await read { connection in
            try await loadOutboxMessages("""
                SELECT \(unescaped: Self.outboxSelection) FROM outbox o
                WHERE o.due_at >= \(Self.seconds(window.start)) AND o.due_at < \(Self.seconds(window.end)) AND \(groupIs: groupID)
                ORDER BY o.due_at, o.key COLLATE "C"
                """, on: connection)
        }
    }

    public func outboxMessage(key: String) async throws -> OutboxMessage? {
        try await read { connection in
            try await loadOutboxMessages(keys: [Self.currentKey(connection, key, logger: logger)], on: connection).first
        }
    }

    public func householdsTold(about eventKey: String) async throws -> [Household.ID: Date] {
        try await read { connection in
            let underway = OutboxState.allCases.filter(\.isUnderway).map(\.rawValue)
            var told: [Household.ID: Date] = [:]
            // The latest message wins: a change notice after the reminders it corrects.
            for try await (householdID, eventAt) in try await connection.query("""
                SELECT i.household_id, i.event_at FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                WHERE i.event_key = \(eventKey) AND o.state = ANY(\(underway))
                ORDER BY o.due_at, o.key COLLATE "C"
                """, logger: logger).decode((String, Int).self) {
                told[householdID] = Self.date(seconds: eventAt)
            }
            return told
        }
    }

    public func setState(_ state: OutboxState, forMessage key: String, at: Date) async throws -> Bool {
        try await write { connection in
            let key = try await Self.currentKey(connection, key, logger: logger)
            guard let old = try await connection.query("SELECT state FROM outbox WHERE key = \(key) FOR UPDATE", logger: logger)
                .collect().first?.decode(String.self)
            else { return false }
            try await connection.query("UPDATE outbox SET state = \(state.rawValue) WHERE key = \(key)", logger: logger)
            try await Self.appendLog(connection, [OutboxTransition.setByHand(key, from: OutboxState(rawValue: old), to: state, at: at)],
                                     logger: logger)
            return true
        }
    }

    /// False when a message with its key is already there.
    private func insertOutboxRow(_ message: OutboxMessage, on connection: PostgresConnection) async throws -> Bool {
        let row = OutboxRow(message)
        let inserted = try await connection.query("""
            INSERT INTO outbox (key, source, phone, channel, language, group_id, due_at, expires_at, priority, state, text,
                segments, encoding, attempts, gateway, provider_id, whatsapp_template, email_address, email_subject)
            VALUES (\(row.key), \(row.source), \(row.phone), \(row.channel), \(row.language), \(row.groupId), \(row.dueAt),
                \(row.expiresAt), \(row.priority), \(row.state), \(row.text), \(row.segments), \(row.encoding), \(row.attempts),
                \(row.gateway), \(row.providerId), \(row.whatsappTemplate), \(row.emailAddress), \(row.emailSubject))
            ON CONFLICT (key) DO NOTHING
            RETURNING key
            """, logger: logger).collect()
        return !inserted.isEmpty
    }

    /// Every column `OutboxRow` holds, as SQLite's record update writes them, but the attempts
    /// made so far: those stay counted.
    private func rewriteOutboxRow(_ message: OutboxMessage, on connection: PostgresConnection) async throws {
        let row = OutboxRow(message)
        try await connection.query("""
            UPDATE outbox SET source = \(row.source), phone = \(row.phone), channel = \(row.channel), language = \(row.language),
                group_id = \(row.groupId), due_at = \(row.dueAt), expires_at = \(row.expiresAt), priority = \(row.priority),
                state = \(row.state), text = \(row.text), segments = \(row.segments), encoding = \(row.encoding),
                gateway = \(row.gateway), provider_id = \(row.providerId), whatsapp_template = \(row.whatsappTemplate),
                email_address = \(row.emailAddress), email_subject = \(row.emailSubject)
            WHERE key = \(row.key)
            """, logger: logger)
    }

    /// One statement, rows in the message's order: that order is the one they are read back in.
    private func insertItems(of message: OutboxMessage, on connection: PostgresConnection) async throws {
        guard !message.items.isEmpty else { return }
        let items = message.items
        let eventAts = items.map { Self.seconds($0.eventAt) }
        try await connection.query("""
            INSERT INTO outbox_items (message_key, item_key, household_id, event_key, event_at, kind)
            SELECT \(message.key), item_key, household_id, event_key, event_at, kind
            FROM unnest(\(items.map(\.key)), \(items.map(\.householdID)), \(items.map(\.eventKey)), \(eventAts),
                        \(items.map(\.kind)))
                WITH ORDINALITY AS item (item_key, household_id, event_key, event_at, kind, item_order)
            ORDER BY item_order
            """, logger: logger)
    }
}

extension PostgresStore {
    /// The outbox columns `OutboxRow(outboxColumns:)` reads, from `outbox` named `o`, then the
    /// message's items as parallel arrays. One statement, so the items are always those of the
    /// version of the message read with them.
    ///
    /// Items come back in the order they were written, as SQLite's `ORDER BY rowid` gives them:
    /// `outbox_items` has no column that keeps that order, so its physical order (`ctid`) stands
    /// in for it; `insertItems` writes a message's items together, in order.
    static let outboxSelection = """
        o.key, o.source, o.phone, o.channel, o.language, o.group_id, o.due_at, o.expires_at, o.priority, o.state, o.text,
        o.segments, o.encoding, o.attempts, o.gateway, o.provider_id, o.whatsapp_template, o.email_address, o.email_subject,
        ARRAY(SELECT i.item_key FROM outbox_items i WHERE i.message_key = o.key ORDER BY i.ctid) AS item_keys,
        ARRAY(SELECT i.household_id FROM outbox_items i WHERE i.message_key = o.key ORDER BY i.ctid) AS item_household_ids,
        ARRAY(SELECT i.event_key FROM outbox_items i WHERE i.message_key = o.key ORDER BY i.ctid) AS item_event_keys,
        ARRAY(SELECT i.event_at FROM outbox_items i WHERE i.message_key = o.key ORDER BY i.ctid) AS item_event_ats,
        ARRAY(SELECT i.kind FROM outbox_items i WHERE i.message_key = o.key ORDER BY i.ctid) AS item_kinds
        """

    /// The messages `query` selects (`outboxSelection` from `outbox o`), in its order.
    func loadOutboxMessages(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        for try await row in try await connection.query(query, logger: logger) {
            messages.append(try Self.outboxMessage(row))
        }
        return messages
    }

    /// The messages with these keys, in the order of `keys`; keys with no message are left out.
    func loadOutboxMessages(keys: [String], on connection: PostgresConnection) async throws -> [OutboxMessage] {
        guard !keys.isEmpty else { return [] }
        let messages = try await loadOutboxMessages(
            "SELECT \(unescaped: Self.outboxSelection) FROM outbox o WHERE o.key = ANY(\(keys))", on: connection)
        let byKey = Dictionary(messages.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return keys.compactMap { byKey[$0] }
    }

    private static func outboxMessage(_ row: PostgresRow) throws -> OutboxMessage {
        let columns = row.makeRandomAccess()
        let message = try OutboxRow(outboxColumns: columns)
        let keys = try columns["item_keys"].decode([String].self)
        let householdIDs = try columns["item_household_ids"].decode([String].self)
        let eventKeys = try columns["item_event_keys"].decode([String].self)
        let eventAts = try columns["item_event_ats"].decode([Int].self)
        let kinds = try columns["item_kinds"].decode([String].self)
        // The arrays come from one snapshot and line up; checked rather than trusted with an index.
        guard [householdIDs.count, eventKeys.count, eventAts.count, kinds.count].allSatisfy({ $0 == keys.count }) else {
            throw CorruptRowError(table: "outbox_items", id: message.key, column: "items")
        }
        let items = keys.indices.map { index in
            OutboxItem(key: keys[index], householdID: householdIDs[index], eventKey: eventKeys[index],
                       eventAt: Self.date(seconds: eventAts[index]), kind: kinds[index])
        }
        return try message.domain(items: items)
    }
}

extension OutboxRow {
    /// From the outbox columns of a PostgreSQL row, for `domain(items:)` to check as it checks
    /// SQLite's. (`init(_:)` in the struct leaves it without a memberwise initializer.)
    fileprivate init(outboxColumns row: PostgresRandomAccessRow) throws {
        key = try row["key"].decode(String.self)
        source = try row["source"].decode(String.self)
        phone = try row["phone"].decode(String.self)
        channel = try row["channel"].decode(String.self)
        language = try row["language"].decode(String.self)
        groupId = try row["group_id"].decode(String?.self)
        dueAt = try row["due_at"].decode(Int.self)
        expiresAt = try row["expires_at"].decode(Int.self)
        priority = try row["priority"].decode(Int.self)
        state = try row["state"].decode(String.self)
        text = try row["text"].decode(String.self)
        segments = try row["segments"].decode(Int.self)
        encoding = try row["encoding"].decode(String.self)
        attempts = try row["attempts"].decode(Int.self)
        gateway = try row["gateway"].decode(String?.self)
        providerId = try row["provider_id"].decode(String?.self)
        whatsappTemplate = try row["whatsapp_template"].decode(String?.self)
        emailAddress = try row["email_address"].decode(String?.self)
        emailSubject = try row["email_subject"].decode(String?.self)
    }
}

extension PostgresStore: MeetingChangeStore {
    public func meetingChanges(groupID: Group.ID?) async throws -> [String: MeetingChange] {
        try await read { connection in
            var changes: [String: MeetingChange] = [:]
            for try await (id, start, place, cancelled, changedBy) in try await connection.query("""
                SELECT meeting_id, new_start, new_place, cancelled, changed_by FROM meeting_changes WHERE \(groupIs: groupID)
                """, logger: logger).decode((String, String?, String?, Bool, String).self) {
                changes[id] = MeetingChange(meetingID: id, newStart: start.flatMap(LocalDateTime.init(storage:)), newPlace: place,
                                            cancelled: cancelled, changedBy: changedBy)
            }
            return changes
        }
    }

    public func meetingChanges(in scope: AccessScope) async throws -> [String: MeetingChange] {
        guard case .facilitator(let facilitatorID) = scope else { return try await meetingChanges(groupID: nil) }
        return try await read { connection in
            var changes: [String: MeetingChange] = [:]
            for try await (id, start, place, cancelled, changedBy) in try await connection.query("""
                SELECT meeting_id, new_start, new_place, cancelled, changed_by FROM meeting_changes
                WHERE group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitatorID))
                """, logger: logger).decode((String, String?, String?, Bool, String).self) {
                changes[id] = MeetingChange(meetingID: id, newStart: start.flatMap(LocalDateTime.init(storage:)), newPlace: place,
                                            cancelled: cancelled, changedBy: changedBy)
            }
            return changes
        }
    }

    public func recordMeetingChange(_ change: MeetingChange) async throws {
        try await write { connection in
            _ = try await connection.query("""
                INSERT INTO meeting_changes (meeting_id, group_id, new_start, new_place, cancelled, changed_by)
                VALUES (\(change.meetingID), \(Meeting.parse(id: change.meetingID)?.groupID ?? ""), \(change.newStart?.storage),
                    \(change.newPlace), \(change.cancelled), \(change.changedBy))
                ON CONFLICT (meeting_id) DO UPDATE SET new_start = excluded.new_start, new_place = excluded.new_place,
                    cancelled = excluded.cancelled, changed_by = excluded.changed_by
                """, logger: logger)
        }
    }
}

extension PostgresStore: TaskStore {
    public func withdrawTasks(keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await write { connection in
            try await connection.query("DELETE FROM facilitator_tasks WHERE key = ANY(\(keys)) RETURNING key", logger: logger)
                .collect().count
        }
    }

    public func commitTasks(_ tasks: [FacilitatorTask]) async throws -> Int {
        guard !tasks.isEmpty else { return 0 }
        return try await write { connection in
            // DO NOTHING also passes over a key repeated within the list: it is added once, as
            // SQLite's one insert at a time adds it.
            try await connection.query("""
                INSERT INTO facilitator_tasks (key, kind, facilitator_id, household_id, due, reason)
                SELECT * FROM unnest(\(tasks.map(\.key)), \(tasks.map(\.kind.rawValue)), \(tasks.map(\.facilitatorID)),
                    \(tasks.map(\.householdID)), \(tasks.map(\.due.description)), \(tasks.map(\.reason)))
                ON CONFLICT (key) DO NOTHING
                RETURNING key
                """, logger: logger).collect().count
        }
    }

    public func tasks(dueFrom first: CalendarDate, through last: CalendarDate, in scope: AccessScope) async throws -> [FacilitatorTask] {
        try await read { connection in
            var tasks: [FacilitatorTask] = []
            for try await (key, kindText, facilitatorID, householdID, dueText, reason) in try await connection.query("""
                SELECT key, kind, facilitator_id, household_id, due, reason FROM facilitator_tasks
                WHERE due >= \(first.description) AND due <= \(last.description) AND \(tasksVisibleIn: scope)
                ORDER BY due, key COLLATE "C"
                """, logger: logger).decode((String, String, String, String, String, String).self) {
                // A kind or date this version cannot read is left out, as SQLite leaves it out.
                guard let kind = FacilitatorTask.Kind(rawValue: kindText), let due = CalendarDate(iso: dueText) else { continue }
                tasks.append(FacilitatorTask(key: key, kind: kind, facilitatorID: facilitatorID, householdID: householdID,
                                             due: due, reason: reason))
            }
            return tasks
        }
    }
}

extension PostgresQuery.StringInterpolation {
    /// Narrows rows with a `group_id` column to one group, or not at all when no group is given.
    fileprivate mutating func appendInterpolation(groupIs groupID: Group.ID?) {
        if let groupID {
            appendInterpolation(unescaped: "group_id = ")
            appendInterpolation(groupID)
        } else {
            appendInterpolation(unescaped: "TRUE")
        }
    }

    /// Scoping lives in the query: a facilitator's request can only ever match their own tasks.
    fileprivate mutating func appendInterpolation(tasksVisibleIn scope: AccessScope) {
        switch scope {
        case .everything:
            appendInterpolation(unescaped: "TRUE")
        case .facilitator(let id):
            appendInterpolation(unescaped: "facilitator_id = ")
            appendInterpolation(id)
        }
    }
}
