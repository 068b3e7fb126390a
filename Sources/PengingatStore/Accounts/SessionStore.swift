import Foundation

/// The web's signed-in sessions. The rules (how long a session lives, when its expiry moves)
/// are the web module's; the store keeps the rows.
public protocol SessionStore: Sendable {
    func saveSession(_ session: StoredSession) async throws
    /// The session with this token hash, expired or not (the caller decides).
    func session(tokenHash: String) async throws -> StoredSession?
    /// Moves an existing session's expiry; false when there is no such session.
    @discardableResult
    func extendSession(tokenHash: String, to expiresAt: Date) async throws -> Bool
    @discardableResult
    func endSession(tokenHash: String) async throws -> Bool
    /// Ends every session of the account but the one kept (a password change signs the other
    /// browsers out); returns how many ended.
    @discardableResult
    func endSessions(accountID: Account.ID, except kept: String?) async throws -> Int
    /// Removes the sessions that expired before `moment`; returns how many.
    @discardableResult
    func deleteSessions(expiredBefore moment: Date) async throws -> Int
}
