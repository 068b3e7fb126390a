import Foundation
import GRDB

extension SQLiteStore: SessionStore {
    public func saveSession(_ session: StoredSession) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO web_sessions (token_hash, account_id, csrf_token, expires_at_ms, created_at_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (token_hash) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
                """, arguments: [session.tokenHash, session.accountID, session.csrfToken, Self.milliseconds(session.expiresAt),
                                 Self.milliseconds(session.createdAt)])
        }
    }

    public func session(tokenHash: String) async throws -> StoredSession? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash]).map { row in
                StoredSession(tokenHash: row["token_hash"], accountID: row["account_id"], csrfToken: row["csrf_token"],
                              expiresAt: Date(timeIntervalSince1970: TimeInterval(row["expires_at_ms"] as Int) / 1000),
                              createdAt: Date(timeIntervalSince1970: TimeInterval(row["created_at_ms"] as Int) / 1000))
            }
        }
    }

    @discardableResult
    public func extendSession(tokenHash: String, to expiresAt: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE web_sessions SET expires_at_ms = ? WHERE token_hash = ?",
                           arguments: [Self.milliseconds(expiresAt), tokenHash])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func endSession(tokenHash: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func endSessions(accountID: Account.ID, except kept: String?) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE account_id = ? AND token_hash <> ?",
                           arguments: [accountID.lowercased(), kept ?? ""])
            return db.changesCount
        }
    }

    @discardableResult
    public func deleteSessions(expiredBefore moment: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at_ms < ?", arguments: [Self.milliseconds(moment)])
            return db.changesCount
        }
    }
}
