import Foundation

/// A signed-in browser as the store keeps it, so a restart does not sign anyone out and several
/// `serve` processes behind one address share their sessions. Only the SHA-256 of the cookie's
/// token is kept: a copy of the database does not sign anyone in.
public struct StoredSession: Sendable, Equatable {
    public let tokenHash: String
    public let accountID: Account.ID
    /// The token the session's forms carry back (CSRF); not a secret outside the session.
    public let csrfToken: String
    public var expiresAt: Date
    public let createdAt: Date

    public init(tokenHash: String, accountID: Account.ID, csrfToken: String, expiresAt: Date, createdAt: Date) {
        self.tokenHash = tokenHash
        self.accountID = accountID.lowercased()
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
