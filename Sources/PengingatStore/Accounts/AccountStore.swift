import Foundation
import PengingatCore

/// The accounts that log in to `pengingat serve`, their API tokens, and the audit trail.
public protocol AccountStore: Sendable {
    /// Inserts the account, or replaces the stored one with the same id.
    func saveAccount(_ account: Account) async throws
    func account(id: Account.ID) async throws -> Account?
    /// Every account, by id.
    func accounts() async throws -> [Account]

    func saveAPIToken(_ token: APIToken) async throws
    /// Every token (its hash, owner, label and when it was made), newest first.
    func apiTokens() async throws -> [APIToken]
    /// Revokes a token; returns it as it was, nil when there was none with that hash.
    @discardableResult
    func deleteAPIToken(hash: String) async throws -> APIToken?
    /// The active account a token (by its hash) belongs to.
    func account(forTokenHash hash: String) async throws -> Account?

    func recordAudit(_ entry: AuditEntry) async throws
    /// Newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
}
