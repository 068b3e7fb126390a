import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: OutboxStore {
    public func liveItems(among itemKeys: [String]) async throws -> [String: String] {
        guard !itemKeys.isEmpty else { return [:] }
        return try await read { db in
            var result: [String: String] = [:]
            // The keys as one JSON array: one statement, prepared once, whatever their number.
            let statement = try db.cachedStatement(sql: """
                SELECT i.item_key, i.message_key FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                WHERE o.state <> 'cancelled' AND i.item_key IN (SELECT value FROM json_each(?))
                """)
            let rows = try Row.fetchCursor(statement, arguments: [JSONText.array(itemKeys)])
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }

    public func commit(
        _ messages: [OutboxMessage], source: String, groupID: Group.ID?, window: DateInterval, stale: Set<String>, at: Date
    ) async throws -> OutboxCommitSummary {
        try await write { db in
            let keys = Array(Set(messages.map(\.key)).union(stale))
            var stored: [String: OutboxMessage] = [:]
            for chunk in keys.chunked(into: 500) {
                for message in try Self.loadMessages(db, where: "o.key IN (\(databaseQuestionMarks(count: chunk.count)))",
                                                     arguments: StatementArguments(chunk)) {
                    stored[message.key] = message
                }
            }
            var sql = "SELECT key FROM outbox WHERE source = ? AND state = 'queued' AND due_at >= ? AND due_at < ?"
            var arguments: StatementArguments = [source, Int(window.start.timeIntervalSince1970), Int(window.end.timeIntervalSince1970)]
            if let groupID {
                sql += " AND group_id = ?"
                arguments += [groupID]
            }
            let pending = try String.fetchAll(db, sql: sql + " ORDER BY due_at, key", arguments: arguments)
            let changes = PlanCommitRule.changes(planned: messages, stored: stored, pendingInWindow: pending, stale: stale,
                                                 source: source, at: at)
            for write in changes.writes {
                switch write {
                case .insert(let message):
                    try OutboxRow(message).insert(db)
                case .rewrite(let message):
                    try OutboxRow(message).update(db)
                    try db.cachedStatement(sql: "DELETE FROM outbox_items WHERE message_key = ?").execute(arguments: [message.key])
                }
                try insertItems(of: write.message, db)
            }
            for withdrawal in changes.withdrawals {
                try db.cachedStatement(sql: "UPDATE outbox SET state = 'cancelled' WHERE key = ?").execute(arguments: [withdrawal.messageKey])
            }
            try Self.appendLog(db, changes.withdrawals)
            return changes.summary
        }
    }

    public func outboxMessages(dueIn window: DateInterval, groupID: Group.ID?) async throws -> [OutboxMessage] {
        try await read { db in try Self.outboxMessages(db, dueIn: window, groupID: groupID) }
    }

    static func outboxMessages(_ db: Database, dueIn window: DateInterval, groupID: Group.ID?) throws -> [OutboxMessage] {
        var condition = "o.due_at >= ? AND o.due_at < ?"
        var arguments: StatementArguments = [Int(window.start.timeIntervalSince1970), Int(window.end.timeIntervalSince1970)]
        if let groupID {
            condition += " AND o.group_id = ?"
            arguments += [groupID]
        }
        return try loadMessages(db, where: condition, arguments: arguments, orderBy: "o.due_at, o.key", cached: true)
    }

    public func outboxMessage(key: String) async throws -> OutboxMessage? {
        try await read { db in try Self.loadMessages(db, where: "o.key = ?", arguments: [Self.currentKey(db, key)]).first }
    }

    public func householdsTold(about eventKey: String) async throws -> [Household.ID: Date] {
        try await read { db in
            let underway = OutboxState.allCases.filter(\.isUnderway).map(\.rawValue)
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.household_id, i.event_at FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                WHERE i.event_key = ? AND o.state IN (\(databaseQuestionMarks(count: underway.count)))
                ORDER BY o.due_at
                """, arguments: StatementArguments([eventKey] + underway))
            var told: [Household.ID: Date] = [:]
            for row in rows { told[row[0]] = Date(timeIntervalSince1970: TimeInterval(row[1] as Int)) }
            return told
        }
    }

    public func setState(_ state: OutboxState, forMessage key: String, at: Date) async throws -> Bool {
        try await write { db in
            let key = try Self.currentKey(db, key)
            guard let old = try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE key = ?", arguments: [key]) else {
                return false
            }
            try db.execute(sql: "UPDATE outbox SET state = ? WHERE key = ?", arguments: [state.rawValue, key])
            try Self.appendLog(db, [OutboxTransition.setByHand(key, from: OutboxState(rawValue: old), to: state, at: at)])
            return true
        }
    }

    private func insertItems(of message: OutboxMessage, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO outbox_items (message_key, item_key, household_id, event_key, event_at, kind) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for item in message.items {
            try statement.execute(arguments: [message.key, item.key, item.householdID, item.eventKey,
                                              Int(item.eventAt.timeIntervalSince1970), item.kind])
        }
    }

    /// The messages `condition` selects from `outbox o`, with their items: two statements
    /// whatever the number of messages, rows read by column.
    /// `cached` keeps the two statements prepared on the connection: for a condition whose text
    /// never varies (no list of placeholders) and that is read again and again (the planner's
    /// per-group read).
    static func loadMessages(_ db: Database, where condition: String, arguments: StatementArguments,
                             orderBy: String = "o.key", cached: Bool = false) throws -> [OutboxMessage] {
        func statement(_ sql: String) throws -> Statement {
            cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        }
        var items: [String: [OutboxItem]] = [:]
        let itemRows = try Row.fetchCursor(statement("""
            SELECT i.message_key, i.item_key, i.household_id, i.event_key, i.event_at, i.kind
            FROM outbox_items i JOIN outbox o ON o.key = i.message_key WHERE \(condition) ORDER BY i.rowid
            """), arguments: arguments)
        while let row = try itemRows.next() {
            items[row[0], default: []].append(OutboxItem(
                key: row[1], householdID: row[2], eventKey: row[3],
                eventAt: Date(timeIntervalSince1970: TimeInterval(row[4] as Int)), kind: row[5]))
        }
        var messages: [OutboxMessage] = []
        let rows = try Row.fetchCursor(statement("""
            SELECT \(OutboxRow.columns) FROM outbox o WHERE \(condition) ORDER BY \(orderBy)
            """), arguments: arguments)
        while let row = try rows.next() {
            let key: String = row[0]
            messages.append(try OutboxRow(columns: row).domain(items: items[key] ?? []))
        }
        return messages
    }
}

extension SQLiteStore: MeetingChangeStore {
    public func meetingChanges(groupID: Group.ID?) async throws -> [String: MeetingChange] {
        try await read { db in try Self.meetingChanges(db, groupID: groupID) }
    }

    public func meetingChanges(in scope: AccessScope) async throws -> [String: MeetingChange] {
        try await read { db in
            guard case .facilitator(let id) = scope else { return try Self.meetingChanges(db, groupID: nil) }
            return try Self.meetingChanges(db, where: "group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)", arguments: [id])
        }
    }

    static func meetingChanges(_ db: Database, groupID: Group.ID?) throws -> [String: MeetingChange] {
        if let groupID { return try meetingChanges(db, where: "group_id = ?", arguments: [groupID]) }
        return try meetingChanges(db, where: "1", arguments: [])
    }

    private static func meetingChanges(_ db: Database, where condition: String, arguments: StatementArguments) throws
        -> [String: MeetingChange] {
        let sql = "SELECT meeting_id, new_start, new_place, cancelled, changed_by FROM meeting_changes WHERE \(condition)"
        var changes: [String: MeetingChange] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try rows.next() {
            let id: String = row[0]
            let start = (row[1] as String?).flatMap(LocalDateTime.init(storage:))
            changes[id] = MeetingChange(meetingID: id, newStart: start, newPlace: row[2], cancelled: row[3],
                                        changedBy: row[4])
        }
        return changes
    }

    public func recordMeetingChange(_ change: MeetingChange) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO meeting_changes (meeting_id, group_id, new_start, new_place, cancelled, changed_by)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(meeting_id) DO UPDATE SET new_start = excluded.new_start, new_place = excluded.new_place,
                    cancelled = excluded.cancelled, changed_by = excluded.changed_by
                """, arguments: [change.meetingID, Meeting.parse(id: change.meetingID)?.groupID ?? "",
                                 change.newStart?.storage, change.newPlace, change.cancelled, change.changedBy])
        }
    }
}

extension SQLiteStore: TaskStore {
    public func withdrawTasks(keys: [String]) async throws -> Int {
        try await write { db in
            var withdrawn = 0
            for key in keys {
                try db.execute(sql: "DELETE FROM facilitator_tasks WHERE key = ?", arguments: [key])
                withdrawn += db.changesCount
            }
            return withdrawn
        }
    }

    public func commitTasks(_ tasks: [FacilitatorTask]) async throws -> Int {
        try await write { db in
            var added = 0
            for task in tasks {
                try db.execute(sql: """
                    INSERT INTO facilitator_tasks (key, kind, facilitator_id, household_id, due, reason)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
                    """, arguments: [task.key, task.kind.rawValue, task.facilitatorID, task.householdID,
                                     task.due.description, task.reason])
                added += db.changesCount
            }
            return added
        }
    }

    public func tasks(dueFrom first: CalendarDate, through last: CalendarDate, in scope: AccessScope) async throws -> [FacilitatorTask] {
        try await read { db in
            var sql = "SELECT key, kind, facilitator_id, household_id, due, reason FROM facilitator_tasks WHERE due >= ? AND due <= ?"
            var arguments: StatementArguments = [first.description, last.description]
            if case .facilitator(let id) = scope {
                sql += " AND facilitator_id = ?"
                arguments += [id]
            }
            sql += " ORDER BY due, key"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                guard let kind = FacilitatorTask.Kind(rawValue: row[1]), let due = CalendarDate(iso: row[4]) else { return nil }
                return FacilitatorTask(key: row[0], kind: kind, facilitatorID: row[2], householdID: row[3], due: due, reason: row[5])
            }
        }
    }
}

struct OutboxRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "outbox"
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    var key: String
    var source: String
    var phone: String
    var channel: String
    var language: String
    var groupId: String?
    var dueAt: Int
    var expiresAt: Int
    var priority: Int
    var state: String
    var text: String
    var segments: Int
    var encoding: String
    var attempts: Int
    var gateway: String?
    var providerId: String?
    var whatsappTemplate: String?
    var emailAddress: String?
    var emailSubject: String?

    /// The columns `init(columns:)` reads, in its order, from `outbox o`.
    static let columns = """
        o.key, o.source, o.phone, o.channel, o.language, o.group_id, o.due_at, o.expires_at, o.priority, o.state, o.text,
        o.segments, o.encoding, o.attempts, o.gateway, o.provider_id, o.whatsapp_template, o.email_address, o.email_subject
        """

    /// By position, not `Codable`: this is every outbox read's hot path.
    init(columns row: Row) {
        key = row[0]
        source = row[1]
        phone = row[2]
        channel = row[3]
        language = row[4]
        groupId = row[5]
        dueAt = row[6]
        expiresAt = row[7]
        priority = row[8]
        state = row[9]
        text = row[10]
        segments = row[11]
        encoding = row[12]
        attempts = row[13]
        gateway = row[14]
        providerId = row[15]
        whatsappTemplate = row[16]
        emailAddress = row[17]
        emailSubject = row[18]
    }

    init(_ message: OutboxMessage) {
        key = message.key
        source = message.source
        phone = message.phone.e164
        channel = message.channel.rawValue
        language = message.language.rawValue
        groupId = message.groupID
        dueAt = Int(message.dueAt.timeIntervalSince1970)
        expiresAt = Int(message.expiresAt.timeIntervalSince1970)
        priority = message.priority
        state = message.state.rawValue
        text = message.text
        segments = message.segments
        encoding = message.encoding
        attempts = message.attempts
        gateway = message.gateway
        providerId = message.providerID
        whatsappTemplate = WhatsAppTemplateCall.encodeList(message.whatsAppTemplates)
        emailAddress = message.email?.address
        emailSubject = message.email?.subject
    }

    func domain(items: [OutboxItem]) throws -> OutboxMessage {
        guard let phone = PhoneNumber(e164: phone), let channel = Household.Channel(rawValue: channel),
              let language = Household.Language(rawValue: language), let state = OutboxState(rawValue: state)
        else { throw CorruptRowError(table: Self.databaseTableName, id: key, column: "phone/channel/language/state") }
        var message = OutboxMessage(
            key: key, source: source, phone: phone, channel: channel, language: language, groupID: groupId,
            dueAt: Date(timeIntervalSince1970: TimeInterval(dueAt)),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(expiresAt)), priority: priority, state: state,
            text: text, segments: segments, encoding: encoding, items: items,
            whatsAppTemplates: WhatsAppTemplateCall.decodeList(whatsappTemplate),
            email: emailAddress.map { EmailEnvelope(address: $0, subject: emailSubject ?? "") })
        message.attempts = attempts
        message.gateway = gateway
        message.providerID = providerId
        return message
    }
}

extension LocalDateTime {
    /// `2026-12-10 13:30`: how a wall time is stored.
    var storage: String { "\(date) \(time.hour < 10 ? "0" : "")\(time.hour):\(time.minute < 10 ? "0" : "")\(time.minute)" }

    init?(storage: String) {
        let parts = storage.split(separator: " ")
        guard parts.count == 2, let date = CalendarDate(iso: String(parts[0])), let time = TimeOfDay(text: String(parts[1]))
        else { return nil }
        self.init(date: date, time: time)
    }
}
