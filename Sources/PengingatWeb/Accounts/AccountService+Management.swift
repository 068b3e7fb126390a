import Foundation
import HummingbirdBcrypt
import PengingatCore
import PengingatStore

/// What the account pages do: one's own password, and an admin's accounts and API tokens.
/// Every change goes into the audit trail. Whoever knew an old password, or used an account now
/// turned off, is signed out here, with the change, so no caller can forget it.
extension AccountService {
    /// Changes one's own password (`account` as read for this request): the current one must be
    /// right and the new one given twice. The account's other browsers are signed out, not the
    /// one whose session token is `keeping`; returns how many were.
    @discardableResult
    public func changePassword(of account: Account, current: String, new: String, repeated: String, keeping sessionToken: String,
                               now: Date) async throws -> Int {
        guard Bcrypt.verify(current, hash: account.passwordHash) else { throw AccountError(.wrongPassword) }
        try Self.checkNewPassword(new, repeated: repeated)
        var changed = account
        changed.passwordHash = Self.hash(new, cost: cost)
        try await store.saveAccount(changed)
        try await audit(account, "account.password", account.id, "kata sandi sendiri diganti", now: now)
        return try await store.endSessions(accountID: account.id, except: Self.tokenHash(sessionToken))
    }

    /// An admin sets a new password for someone who forgot theirs; that account is signed out
    /// everywhere (the admin's own browser stays when it is their own account).
    @discardableResult
    public func resetPassword(login: String, new: String, repeated: String, by admin: Account, keeping sessionToken: String,
                              now: Date) async throws -> Account {
        try Self.requireAdmin(admin)
        guard var account = try await store.account(id: login) else { throw AccountError(.unknownAccount(login)) }
        try Self.checkNewPassword(new, repeated: repeated)
        account.passwordHash = Self.hash(new, cost: cost)
        try await store.saveAccount(account)
        try await audit(admin, "account.reset", account.id, "kata sandi diatur ulang", now: now)
        try await store.endSessions(accountID: account.id, except: account.id == admin.id ? Self.tokenHash(sessionToken) : nil)
        return account
    }

    /// An admin adds a facilitator's account; an existing login is never replaced from a page.
    @discardableResult
    public func addFacilitatorAccount(login: String, facilitatorID: Facilitator.ID, displayName: String?, password: String,
                                      repeated: String, by admin: Account, now: Date) async throws -> Account {
        try Self.requireAdmin(admin)
        let login = login.trimmingWhitespace().lowercased()
        if try await store.account(id: login) != nil { throw AccountError(.exists(login)) }
        try Self.checkNewPassword(password, repeated: repeated)
        let name = displayName?.trimmingWhitespace()
        let account = try await create(login: login, displayName: name?.isEmpty == false ? name : nil, role: .facilitator,
                                       facilitatorID: facilitatorID, password: password, now: now)
        try await audit(admin, "account.create", account.id, "akun pendamping \(facilitatorID)", now: now)
        return account
    }

    /// An admin turns an account off (it can no longer sign in or use its tokens) or on again.
    public func setActive(login: String, active: Bool, by admin: Account, now: Date) async throws {
        try Self.requireAdmin(admin)
        guard var account = try await store.account(id: login) else { throw AccountError(.unknownAccount(login)) }
        guard account.id != admin.id || active else { throw AccountError(.cannotDisableSelf) }
        account.active = active
        try await store.saveAccount(account)
        try await audit(admin, active ? "account.enable" : "account.disable", account.id, active ? "diaktifkan" : "dinonaktifkan",
                        now: now)
        if !active { try await store.endSessions(accountID: account.id, except: nil) }
    }

    public func tokens(by admin: Account) async throws -> [APIToken] {
        try Self.requireAdmin(admin)
        return try await store.apiTokens()
    }

    /// An admin revokes a script's token at once.
    public func revokeToken(hash: String, by admin: Account, now: Date) async throws {
        try Self.requireAdmin(admin)
        guard let token = try await store.deleteAPIToken(hash: hash) else { throw AccountError(.unknownToken) }
        // The hash's first characters name the token in the trail; the token itself is never known.
        try await audit(admin, "token.revoke", token.accountID, "token \"\(token.label)\" (\(hash.prefix(8))) dicabut", now: now)
    }

    static func requireAdmin(_ account: Account) throws {
        guard account.role == .admin else { throw DeskError(.notAllowed) }
    }

    static func checkNewPassword(_ password: String, repeated: String) throws {
        guard password == repeated else { throw AccountError(.passwordsDiffer) }
        guard password.count >= minimumPasswordLength else { throw AccountError(.weakPassword) }
    }

    private func audit(_ actor: Account, _ action: String, _ subject: String, _ detail: String, now: Date) async throws {
        try await store.recordAudit(AuditEntry(at: now, actor: actor.id, action: action, subject: subject, detail: detail))
    }
}
