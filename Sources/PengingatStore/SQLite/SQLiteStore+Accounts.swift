import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: AccountStore {
    public func saveAccount(_ account: Account) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO accounts (id, display_name, role, facilitator_id, password_hash, active, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
                    facilitator_id = excluded.facilitator_id, password_hash = excluded.password_hash, active = excluded.active
                """, arguments: [
                    account.id, account.displayName, account.role.rawValue, account.facilitatorID, account.passwordHash,
                    account.active, Self.milliseconds(account.createdAt),
                ])
        }
    }

    public func account(id: Account.ID) async throws -> Account? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id.lowercased()]).map(Self.account)
        }
    }

    public func accounts() async throws -> [Account] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY id").map(Self.account) }
    }

    public func saveAPIToken(_ token: APIToken) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO api_tokens (token_hash, account_id, label, created_at_ms) VALUES (?, ?, ?, ?)",
                           arguments: [token.tokenHash, token.accountID, token.label, Self.milliseconds(token.createdAt)])
        }
    }

    public func apiTokens() async throws -> [APIToken] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at_ms DESC, token_hash").map(Self.apiToken)
        }
    }

    @discardableResult
    public func deleteAPIToken(hash: String) async throws -> APIToken? {
        try await write { db in
            try Row.fetchOne(db, sql: "DELETE FROM api_tokens WHERE token_hash = ? RETURNING *", arguments: [hash]).map(Self.apiToken)
        }
    }

    private static func apiToken(_ row: Row) -> APIToken {
        APIToken(tokenHash: row["token_hash"], accountID: row["account_id"], label: row["label"],
                 createdAt: Date(timeIntervalSince1970: TimeInterval(row["created_at_ms"] as Int) / 1000))
    }

    public func account(forTokenHash hash: String) async throws -> Account? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT a.* FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ? AND a.active
                """, arguments: [hash]).map(Self.account)
        }
    }

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO audit_log (at_ms, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.milliseconds(entry.at), entry.actor, entry.action, entry.subject, entry.detail])
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                AuditEntry(at: Date(timeIntervalSince1970: TimeInterval(row["at_ms"] as Int) / 1000), actor: row["actor"],
                           action: row["action"], subject: row["subject"], detail: row["detail"])
            }
        }
    }

    public func outboxMessages(forHousehold id: Household.ID, in scope: AccessScope, limit: Int) async throws -> [OutboxMessage] {
        try await read { db in
            guard try HouseholdRow.filter(key: id).visible(in: scope).fetchCount(db) > 0 else { return [] }
            return try Self.loadMessages(db, where: """
                o.key IN (SELECT key FROM outbox WHERE key IN (SELECT message_key FROM outbox_items WHERE household_id = ?)
                          ORDER BY due_at DESC, key DESC LIMIT ?)
                """, arguments: [id, limit], orderBy: "o.due_at DESC, o.key DESC")
        }
    }

    private static func account(_ row: Row) -> Account {
        Account(id: row["id"], displayName: row["display_name"], role: Account.Role(rawValue: row["role"]) ?? .facilitator,
                facilitatorID: row["facilitator_id"], passwordHash: row["password_hash"], active: row["active"],
                createdAt: Date(timeIntervalSince1970: TimeInterval(row["created_at_ms"] as Int) / 1000))
    }
}
