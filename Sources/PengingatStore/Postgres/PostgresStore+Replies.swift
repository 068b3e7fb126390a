import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: ReplyStore {
    public func recordReply(_ reply: Reply) async throws -> Bool {
        try await write { connection in
            // No conflict target: a repeated id and a repeated (gateway, provider_id) are both "already kept".
            let inserted = try await connection.query("""
                INSERT INTO replies (id, received_at_ms, gateway, provider_id, phone, household_ids, group_id, text, intent, reason,
                    response, response_kind, response_key, handled_by, handled_at_ms)
                VALUES (\(reply.id), \(Self.milliseconds(reply.receivedAt)), \(reply.gateway), \(reply.providerID), \(reply.phone.e164),
                    \(reply.householdIDs.joined(separator: ",")), \(reply.groupID), \(reply.text), \(reply.intent.code),
                    \(reply.intent.reason), \(reply.response.rawValue), \(reply.responseKind), \(reply.responseKey), \(reply.handledBy),
                    \(reply.handledAt.map(Self.milliseconds)))
                ON CONFLICT DO NOTHING
                RETURNING id
                """, logger: logger).collect()
            return !inserted.isEmpty
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
        try await read { connection in
            var binds = PostgresBindings()
            func parameter(_ value: some PostgresDynamicTypeEncodable) -> String {
                binds.append(value)
                return "$\(binds.count)"
            }
            var sql = "SELECT replies.* FROM replies"
            var conditions: [String] = []
            if let household {
                // The ids are kept as one comma-separated text.
                conditions.append("strpos(',' || replies.household_ids || ',', ',' || \(parameter(household)) || ',') > 0")
            }
            if case .facilitator(let id) = scope {
                sql += " JOIN p2k2_groups ON p2k2_groups.id = replies.group_id"
                conditions.append("p2k2_groups.facilitator_id = \(parameter(id))")
            }
            if unhandledOnly { conditions.append("replies.handled_at_ms IS NULL") }
            if let since { conditions.append("replies.received_at_ms >= \(parameter(Self.milliseconds(since)))") }
            if let before {
                // Rounded: a position read back from a stored millisecond must name that millisecond.
                let milliseconds = parameter(Int((before.receivedAt.timeIntervalSince1970 * 1000).rounded()))
                conditions.append("""
                    (replies.received_at_ms < \(milliseconds) OR (replies.received_at_ms = \(milliseconds) \
                    AND replies.id COLLATE "C" < \(parameter(before.id))))
                    """)
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            // COLLATE "C": ties broken in byte order, as SQLite does, whatever the database's collation.
            sql += " ORDER BY replies.received_at_ms DESC, replies.id COLLATE \"C\" DESC LIMIT "
            if let limit = Self.rowLimit(limit) { sql += parameter(limit) } else { sql += "ALL" }
            return try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
                .compactMap(Self.decodeReply)
        }
    }

    public func replies(from phone: PhoneNumber, since: Date) async throws -> [Reply] {
        try await read { connection in
            try await connection.query("""
                SELECT * FROM replies WHERE phone = \(phone.e164) AND received_at_ms >= \(Self.milliseconds(since))
                ORDER BY received_at_ms, id COLLATE "C"
                """, logger: logger).collect().compactMap(Self.decodeReply)
        }
    }

    public func lastReplyAt(from phone: PhoneNumber, gateway: String) async throws -> Date? {
        try await read { connection in
            var latest: Int64?
            for try await (value) in try await connection.query(
                "SELECT MAX(received_at_ms) FROM replies WHERE phone = \(phone.e164) AND gateway = \(gateway)", logger: logger
            ).decode(Int64?.self) {
                latest = value
            }
            return latest.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        }
    }

    public func markReplyHandled(id: String, by: String, at: Date, in scope: AccessScope) async throws -> Bool {
        try await write { connection in
            let query: PostgresQuery = switch scope {
            case .everything:
                "UPDATE replies SET handled_by = \(by), handled_at_ms = \(Self.milliseconds(at)) WHERE id = \(id) RETURNING id"
            case .facilitator(let facilitatorID):
                """
                UPDATE replies SET handled_by = \(by), handled_at_ms = \(Self.milliseconds(at)) WHERE id = \(id)
                  AND group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitatorID))
                RETURNING id
                """
            }
            let updated = try await connection.query(query, logger: logger).collect()
            return !updated.isEmpty
        }
    }

    public func households(withPhone phone: PhoneNumber) async throws -> [Household] {
        try await read { connection in
            try await connection.query("""
                SELECT \(unescaped: HouseholdRow.columnList("h")) FROM households h
                WHERE h.phone = \(phone.e164) OR h.alternate_phone = \(phone.e164)
                ORDER BY h.id COLLATE "C"
                """, logger: logger).collect().map { try HouseholdRow.decoding($0).domain() }
        }
    }

    /// Nil for an intent or response this version does not know, as in SQLite.
    private static func decodeReply(_ row: PostgresRow) throws -> Reply? {
        let row = row.makeRandomAccess()
        guard let phone = try PhoneNumber(e164: row["phone"].decode(String.self)),
              let intent = try ReplyIntent(code: row["intent"].decode(String.self), reason: row["reason"].decode(String?.self)),
              let response = try Reply.Response(rawValue: row["response"].decode(String.self))
        else { return nil }
        return try Reply(
            id: row["id"].decode(String.self), receivedAt: Self.date(milliseconds: row["received_at_ms"].decode(Int.self)),
            gateway: row["gateway"].decode(String.self), providerID: row["provider_id"].decode(String?.self), phone: phone,
            householdIDs: row["household_ids"].decode(String.self).split(separator: ",").map(String.init),
            groupID: row["group_id"].decode(String?.self), text: row["text"].decode(String.self), intent: intent, response: response,
            responseKind: row["response_kind"].decode(String?.self), responseKey: row["response_key"].decode(String?.self),
            handledBy: row["handled_by"].decode(String?.self),
            handledAt: row["handled_at_ms"].decode(Int?.self).map(Self.date(milliseconds:)))
    }
}
