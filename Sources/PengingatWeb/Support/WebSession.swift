import Foundation
import PengingatStore

/// A signed-in browser: the random token its cookie carries, the account, and the token its
/// forms must carry back (CSRF).
public struct WebSession: Sendable, Equatable {
    public let token: String
    public let accountID: Account.ID
    public let csrfToken: String
    public var expiresAt: Date
}

/// Sessions kept in the store (only the token's SHA-256), so a restart signs nobody out and
/// several `serve` processes behind one address share them. A session ends after
/// `lifetime` without a request, at sign-out, or when `AccountService` changes its account's
/// password or turns the account off.
///
/// Not hummingbird-auth's `SessionMiddleware`: its storage is a key-value `PersistDriver`,
/// which cannot end every session of one account (a password reset must), and this keeps the
/// CSRF token beside the session in the same row.
public struct WebSessions: Sendable {
    let store: any SessionStore
    let lifetime: TimeInterval

    /// An expiry is written again only when it would move by more than this, so reading a page
    /// is not a write to the store each time.
    static let extensionStep: TimeInterval = 60

    public init(store: any SessionStore, lifetime: TimeInterval) {
        self.store = store
        self.lifetime = lifetime
    }

    public func start(for account: Account, now: Date) async throws -> WebSession {
        let session = WebSession(
            token: AccountService.randomString(bytes: 32), accountID: account.id, csrfToken: AccountService.randomString(bytes: 24),
            expiresAt: now.addingTimeInterval(lifetime))
        // Sign-in is rare: the moment to forget the sessions nobody came back to.
        try await store.deleteSessions(expiredBefore: now)
        try await store.saveSession(StoredSession(
            tokenHash: AccountService.tokenHash(session.token), accountID: session.accountID, csrfToken: session.csrfToken,
            expiresAt: session.expiresAt, createdAt: now))
        return session
    }

    /// The live session with this token, its life extended (sessions end after idle time).
    public func session(token: String, now: Date) async throws -> WebSession? {
        let hash = AccountService.tokenHash(token)
        guard let stored = try await store.session(tokenHash: hash) else { return nil }
        guard stored.expiresAt > now else {
            try await store.endSession(tokenHash: hash)
            return nil
        }
        var session = WebSession(token: token, accountID: stored.accountID, csrfToken: stored.csrfToken, expiresAt: stored.expiresAt)
        let extended = now.addingTimeInterval(lifetime)
        if extended.timeIntervalSince(stored.expiresAt) > Self.extensionStep {
            try await store.extendSession(tokenHash: hash, to: extended)
            session.expiresAt = extended
        }
        return session
    }

    public func end(token: String) async throws {
        try await store.endSession(tokenHash: AccountService.tokenHash(token))
    }
}
