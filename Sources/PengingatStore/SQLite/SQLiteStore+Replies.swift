import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: ReplyStore {
    public func recordReply(_ reply: Reply) async throws -> Bool {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO replies (id, received_at_ms, gateway, provider_id, phone, household_ids, group_id, text, intent, reason,
                    response, response_kind, response_key, handled_by, handled_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, arguments: [
                    reply.id, Self.milliseconds(reply.receivedAt), reply.gateway, reply.providerID, reply.phone.e164,
                    reply.householdIDs.joined(separator: ","), reply.groupID, reply.text, reply.intent.code, reply.intent.reason,
                    reply.response.rawValue, reply.responseKind, reply.responseKey, reply.handledBy,
                    reply.handledAt.map(Self.milliseconds),
                ])
            return db.changesCount > 0
        }
    }

    public func replies(in scope: AccessScope, unhandledOnly: Bool, since: Date?, before: Reply.Position?, limit: Int)
        async throws -> [Reply]
    {
        try await replies(in: scope, household: nil, unhandledOnly: unhandledOnly, since: since, before: before, limit: limit)
    }

    public func replies(ofHousehold id: Household.ID, in scope: AccessScope, limit: Int) async throws -> [Reply] {
        try await replies(in: scope, household: id, unhandledOnly: false, since: nil, before: nil, limit: limit)
    }

    private func replies(
        in scope: AccessScope, household: Household.ID?, unhandledOnly: Bool, since: Date?, before: Reply.Position?, limit: Int
    )
        async throws -> [Reply]
    {
        try await read { db in
            var sql = "SELECT replies.* FROM replies"
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let household {
                // The ids are kept as one comma-separated text.
                conditions.append("instr(',' || replies.household_ids || ',', ',' || ? || ',') > 0")
                arguments += [household]
            }
            if case .facilitator(let id) = scope {
                sql += " JOIN p2k2_groups ON p2k2_groups.id = replies.group_id"
                conditions.append("p2k2_groups.facilitator_id = ?")
                arguments += [id]
            }
            if unhandledOnly { conditions.append("replies.handled_at_ms IS NULL") }
            if let since {
                conditions.append("replies.received_at_ms >= ?")
                arguments += [Self.milliseconds(since)]
            }
            if let before {
                // Rounded: a position read back from a stored millisecond must name that millisecond.
                let milliseconds = Int((before.receivedAt.timeIntervalSince1970 * 1000).rounded())
                conditions.append("(replies.received_at_ms < ? OR (replies.received_at_ms = ? AND replies.id < ?))")
                arguments += [milliseconds, milliseconds, before.id]
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY replies.received_at_ms DESC, replies.id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.reply)
        }
    }

    public func replies(from phone: PhoneNumber, since: Date) async throws -> [Reply] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM replies WHERE phone = ? AND received_at_ms >= ? ORDER BY received_at_ms, id
                """, arguments: [phone.e164, Self.milliseconds(since)]).compactMap(Self.reply)
        }
    }

    public func lastReplyAt(from phone: PhoneNumber, gateway: String) async throws -> Date? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(received_at_ms) FROM replies WHERE phone = ? AND gateway = ?",
                               arguments: [phone.e164, gateway])
        }.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    public func markReplyHandled(id: String, by: String, at: Date, in scope: AccessScope) async throws -> Bool {
        try await write { db in
            switch scope {
            case .everything:
                try db.execute(sql: "UPDATE replies SET handled_by = ?, handled_at_ms = ? WHERE id = ?",
                               arguments: [by, Self.milliseconds(at), id])
            case .facilitator(let facilitatorID):
                try db.execute(sql: """
                    UPDATE replies SET handled_by = ?, handled_at_ms = ? WHERE id = ?
                      AND group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)
                    """, arguments: [by, Self.milliseconds(at), id, facilitatorID])
            }
            return db.changesCount > 0
        }
    }

    public func households(withPhone phone: PhoneNumber) async throws -> [Household] {
        try await read { db in
            try HouseholdRow.filter(Column("phone") == phone.e164 || Column("alternate_phone") == phone.e164)
                .order(Column("id")).fetchAll(db).map { try $0.domain() }
        }
    }

    static func reply(_ row: Row) -> Reply? {
        guard let phone = PhoneNumber(e164: row["phone"]),
              let intent = ReplyIntent(code: row["intent"], reason: row["reason"]),
              let response = Reply.Response(rawValue: row["response"])
        else { return nil }
        let households: String = row["household_ids"]
        return Reply(
            id: row["id"], receivedAt: Date(timeIntervalSince1970: TimeInterval(row["received_at_ms"] as Int) / 1000),
            gateway: row["gateway"], providerID: row["provider_id"], phone: phone,
            householdIDs: households.split(separator: ",").map(String.init), groupID: row["group_id"], text: row["text"],
            intent: intent, response: response, responseKind: row["response_kind"], responseKey: row["response_key"],
            handledBy: row["handled_by"],
            handledAt: (row["handled_at_ms"] as Int?).map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) })
    }
}
