import Foundation
import PostgresNIO

extension PostgresStore: SessionStore {
    public func saveSession(_ session: StoredSession) async throws {
        try await write { connection in
            _ = try await connection.query("""
                INSERT INTO web_sessions (token_hash, account_id, csrf_token, expires_at_ms, created_at_ms)
                VALUES (\(session.tokenHash), \(session.accountID), \(session.csrfToken), \(Self.milliseconds(session.expiresAt)),
                    \(Self.milliseconds(session.createdAt)))
                ON CONFLICT (token_hash) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
                """, logger: logger)
        }
    }

    public func session(tokenHash: String) async throws -> StoredSession? {
        try await read { connection in
            for try await (hash, accountID, csrf, expires, created) in try await connection.query("""
                SELECT token_hash, account_id, csrf_token, expires_at_ms, created_at_ms FROM web_sessions WHERE token_hash = \(tokenHash)
                """, logger: logger).decode((String, String, String, Int, Int).self) {
                return StoredSession(tokenHash: hash, accountID: accountID, csrfToken: csrf, expiresAt: Self.date(milliseconds: expires),
                                     createdAt: Self.date(milliseconds: created))
            }
            return nil
        }
    }

    @discardableResult
    public func extendSession(tokenHash: String, to expiresAt: Date) async throws -> Bool {
        try await write { connection in
            try await connection.query("""
                UPDATE web_sessions SET expires_at_ms = \(Self.milliseconds(expiresAt)) WHERE token_hash = \(tokenHash) RETURNING 1
                """, logger: logger).collect().count > 0
        }
    }

    @discardableResult
    public func endSession(tokenHash: String) async throws -> Bool {
        try await write { connection in
            try await connection.query("DELETE FROM web_sessions WHERE token_hash = \(tokenHash) RETURNING 1", logger: logger)
                .collect().count > 0
        }
    }

    @discardableResult
    public func endSessions(accountID: Account.ID, except kept: String?) async throws -> Int {
        try await write { connection in
            try await connection.query("""
                DELETE FROM web_sessions WHERE account_id = \(accountID.lowercased()) AND token_hash <> \(kept ?? "") RETURNING 1
                """, logger: logger).collect().count
        }
    }

    @discardableResult
    public func deleteSessions(expiredBefore moment: Date) async throws -> Int {
        try await write { connection in
            try await connection.query("""
                DELETE FROM web_sessions WHERE expires_at_ms < \(Self.milliseconds(moment)) RETURNING 1
                """, logger: logger).collect().count
        }
    }
}
