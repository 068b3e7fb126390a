import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: OutboxStore {
    public func liveItems(among itemKeys: Set<String>) async throws -> [String: String] {
        guard !itemKeys.isEmpty else { return [:] }
        return try await read { db in
            var result: [String: String] = [:]
            // Chunked to stay under SQLite's limit on bound parameters.
            for chunk in Array(itemKeys).chunked(into: 500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT i.item_key, i.message_key FROM outbox_items i JOIN outbox o ON o.key = i.message_key
                    WHERE o.state <> 'cancelled' AND i.item_key IN (\(databaseQuestionMarks(count: chunk.count)))
                    """, arguments: StatementArguments(chunk))
                for row in rows { result[row[0]] = row[1] }
            }
            return result
        }
    }

    public func commit(
        _ messages: [OutboxMessage], source: String, groupID: Group.ID?, window: DateInterval, stale: Set<String>
    ) async throws -> OutboxCommitSummary {
        try await write { db in
            var summary = OutboxCommitSummary()
            for message in messages {
                let old = try OutboxRow.fetchOne(db, key: message.key)
                switch old.flatMap({ OutboxState(rawValue: $0.state) }) {
                case nil:
                    try OutboxRow(message).insert(db)
                    try insertItems(of: message, db)
                    summary.inserted += 1
                case .queued?, .cancelled?:
                    let stored = try fullMessage(key: message.key, db)
                    if old?.state == OutboxState.queued.rawValue, let stored, stored.hasSameContent(as: message) {
                        summary.unchanged += 1
                    } else {
                        var row = OutboxRow(message)
                        row.attempts = old?.attempts ?? 0
                        try row.update(db)
                        try db.execute(sql: "DELETE FROM outbox_items WHERE message_key = ?", arguments: [message.key])
                        try insertItems(of: message, db)
                        summary.updated += 1
                    }
                default:
                    summary.alreadyUnderway += 1
                }
            }
            let planned = Set(messages.map(\.key))
            var sql = "SELECT key FROM outbox WHERE source = ? AND state = 'queued' AND due_at >= ? AND due_at < ?"
            var arguments: StatementArguments = [source, Int(window.start.timeIntervalSince1970), Int(window.end.timeIntervalSince1970)]
            if let groupID {
                sql += " AND group_id = ?"
                arguments += [groupID]
            }
            let now = Date()
            for key in try String.fetchAll(db, sql: sql, arguments: arguments) where !planned.contains(key) {
                try db.execute(sql: "UPDATE outbox SET state = 'cancelled' WHERE key = ?", arguments: [key])
                try log(db, key: key, at: now, event: .status, fromState: .queued, toState: .cancelled,
                        detail: "no longer in the plan")
                summary.withdrawn += 1
            }
            for key in stale.subtracting(planned).sorted() {
                try db.execute(sql: "UPDATE outbox SET state = 'cancelled' WHERE key = ? AND source = ? AND state = 'queued'",
                               arguments: [key, source])
                if db.changesCount > 0 {
                    try log(db, key: key, at: now, event: .status, fromState: .queued, toState: .cancelled,
                            detail: "its meeting moved or was cancelled")
                    summary.withdrawn += 1
                }
            }
            return summary
        }
    }

    public func outboxMessages(dueIn window: DateInterval, groupID: Group.ID?) async throws -> [OutboxMessage] {
        try await read { db in
            var sql = "SELECT key FROM outbox WHERE due_at >= ? AND due_at < ?"
            var arguments: StatementArguments = [Int(window.start.timeIntervalSince1970), Int(window.end.timeIntervalSince1970)]
            if let groupID {
                sql += " AND group_id = ?"
                arguments += [groupID]
            }
            let keys = try String.fetchAll(db, sql: sql + " ORDER BY due_at, key", arguments: arguments)
            return try keys.compactMap { try fullMessage(key: $0, db) }
        }
    }

    public func outboxMessage(key: String) async throws -> OutboxMessage? {
        try await read { db in try fullMessage(key: key, db) }
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

    public func setState(_ state: OutboxState, forMessage key: String) async throws -> Bool {
        try await write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE key = ?", arguments: [key]) else {
                return false
            }
            try db.execute(sql: "UPDATE outbox SET state = ? WHERE key = ?", arguments: [state.rawValue, key])
            try log(db, key: key, at: Date(), event: .status, fromState: OutboxState(rawValue: old), toState: state,
                    detail: "set by hand")
            return true
        }
    }

    private func insertItems(of message: OutboxMessage, _ db: Database) throws {
        for item in message.items {
            try db.execute(sql: """
                INSERT INTO outbox_items (message_key, item_key, household_id, event_key, event_at, kind)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [message.key, item.key, item.householdID, item.eventKey,
                                 Int(item.eventAt.timeIntervalSince1970), item.kind])
        }
    }

    func fullMessage(key: String, _ db: Database) throws -> OutboxMessage? {
        guard let row = try OutboxRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox WHERE key = ?"), arguments: [key])
        else { return nil }
        let items = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT item_key, household_id, event_key, event_at, kind FROM outbox_items
            WHERE message_key = ? ORDER BY rowid
            """), arguments: [key]).map { item in
            OutboxItem(key: item[0], householdID: item[1], eventKey: item[2],
                       eventAt: Date(timeIntervalSince1970: TimeInterval(item[3] as Int)), kind: item[4])
        }
        return try row.domain(items: items)
    }
}

extension SQLiteStore: MeetingChangeStore {
    public func meetingChanges(groupID: Group.ID?) async throws -> [String: MeetingChange] {
        try await read { db in
            var sql = "SELECT meeting_id, new_start, new_place, cancelled, changed_by FROM meeting_changes"
            var arguments: StatementArguments = []
            if let groupID {
                sql += " WHERE group_id = ?"
                arguments = [groupID]
            }
            var changes: [String: MeetingChange] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let id: String = row[0]
                let start = (row[1] as String?).flatMap(LocalDateTime.init(storage:))
                changes[id] = MeetingChange(meetingID: id, newStart: start, newPlace: row[2], cancelled: row[3],
                                            changedBy: row[4])
            }
            return changes
        }
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
        whatsappTemplate = message.whatsAppTemplate.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
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
            whatsAppTemplate: whatsappTemplate.flatMap { try? JSONDecoder().decode(WhatsAppTemplateCall.self, from: Data($0.utf8)) },
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

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
