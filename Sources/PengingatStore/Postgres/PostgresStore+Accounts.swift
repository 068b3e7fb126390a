import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: AccountStore {
    public func saveAccount(_ account: Account) async throws {
        try await write { connection in
            _ = try await connection.query("""
                INSERT INTO accounts (id, display_name, role, facilitator_id, password_hash, active, created_at_ms)
                VALUES (\(account.id), \(account.displayName), \(account.role.rawValue), \(account.facilitatorID), \(account.passwordHash),
                    \(account.active), \(Self.milliseconds(account.createdAt)))
                ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
                    facilitator_id = excluded.facilitator_id, password_hash = excluded.password_hash, active = excluded.active
                """, logger: logger)
        }
    }

    public func account(id: Account.ID) async throws -> Account? {
        try await read { connection in
            try await accounts("SELECT \(unescaped: Self.accountColumns) FROM accounts a WHERE a.id = \(id.lowercased())", on: connection)
                .first
        }
    }

    public func accounts() async throws -> [Account] {
        try await read { connection in
            try await accounts("SELECT \(unescaped: Self.accountColumns) FROM accounts a ORDER BY a.id", on: connection)
        }
    }

    public func saveAPIToken(_ token: APIToken) async throws {
        try await write { connection in
            _ = try await connection.query("""
                INSERT INTO api_tokens (token_hash, account_id, label, created_at_ms)
                VALUES (\(token.tokenHash), \(token.accountID), \(token.label), \(Self.milliseconds(token.createdAt)))
                """, logger: logger)
        }
    }

    public func apiTokens() async throws -> [APIToken] {
        try await read { connection in
            try await apiTokens("""
                SELECT token_hash, account_id, label, created_at_ms FROM api_tokens ORDER BY created_at_ms DESC, token_hash
                """, on: connection)
        }
    }

    @discardableResult
    public func deleteAPIToken(hash: String) async throws -> APIToken? {
        try await write { connection in
            try await apiTokens("""
                DELETE FROM api_tokens WHERE token_hash = \(hash) RETURNING token_hash, account_id, label, created_at_ms
                """, on: connection).first
        }
    }

    private func apiTokens(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [APIToken] {
        var tokens: [APIToken] = []
        for try await (hash, accountID, label, created) in try await connection.query(query, logger: logger)
            .decode((String, String, String, Int).self) {
            tokens.append(APIToken(tokenHash: hash, accountID: accountID, label: label, createdAt: Self.date(milliseconds: created)))
        }
        return tokens
    }

    public func account(forTokenHash hash: String) async throws -> Account? {
        try await read { connection in
            try await accounts("""
                SELECT \(unescaped: Self.accountColumns) FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                WHERE t.token_hash = \(hash) AND a.active
                """, on: connection).first
        }
    }

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await write { connection in
            _ = try await connection.query("""
                INSERT INTO audit_log (at_ms, actor, action, subject, detail)
                VALUES (\(Self.milliseconds(entry.at)), \(entry.actor), \(entry.action), \(entry.subject), \(entry.detail))
                """, logger: logger)
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await read { connection in
            var entries: [AuditEntry] = []
            for try await (at, actor, action, subject, detail) in try await connection.query("""
                SELECT at_ms, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT \(limit)
                """, logger: logger).decode((Int, String, String, String, String).self) {
                entries.append(AuditEntry(at: Self.date(milliseconds: at), actor: actor, action: action, subject: subject, detail: detail))
            }
            return entries
        }
    }

    public func outboxMessages(forHousehold id: Household.ID, in scope: AccessScope, limit: Int) async throws -> [OutboxMessage] {
        try await read { connection in
            var visible: PostgresQuery = "SELECT 1 FROM households h WHERE h.id = \(id)"
            if case .facilitator(let facilitatorID) = scope {
                visible = """
                    SELECT 1 FROM households h JOIN p2k2_groups g ON g.id = h.group_id
                    WHERE h.id = \(id) AND g.facilitator_id = \(facilitatorID)
                    """
            }
            guard try await connection.query(visible, logger: logger).collect().count > 0 else { return [] }
            var keys: [String] = []
            for try await key in try await connection.query("""
                SELECT o.key FROM outbox o WHERE o.key IN (SELECT message_key FROM outbox_items WHERE household_id = \(id))
                ORDER BY o.due_at DESC, o.key COLLATE "C" DESC LIMIT \(limit)
                """, logger: logger).decode(String.self) {
                keys.append(key)
            }
            return try await loadOutboxMessages(keys: keys, on: connection)
        }
    }

    private static let accountColumns = "a.id, a.display_name, a.role, a.facilitator_id, a.password_hash, a.active, a.created_at_ms"

    private func accounts(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [Account] {
        var accounts: [Account] = []
        for try await (id, name, role, facilitatorID, hash, active, created) in try await connection.query(query, logger: logger)
            .decode((String, String, String, String?, String, Bool, Int).self) {
            accounts.append(Account(id: id, displayName: name, role: Account.Role(rawValue: role) ?? .facilitator,
                                    facilitatorID: facilitatorID, passwordHash: hash, active: active,
                                    createdAt: Self.date(milliseconds: created)))
        }
        return accounts
    }
}
