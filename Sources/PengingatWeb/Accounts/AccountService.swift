import Crypto
import Foundation
import HummingbirdBcrypt
import PengingatCore
import PengingatStore

/// Creating accounts, checking passwords and API tokens. Passwords are kept as bcrypt hashes,
/// tokens as SHA-256: neither can be read back from the store.
public struct AccountService: Sendable {
    let store: any PengingatStore
    /// bcrypt's cost; 12 by default, lower only in tests.
    let cost: UInt8

    public init(store: any PengingatStore, cost: Int = 12) {
        self.store = store
        self.cost = UInt8(clamping: max(4, min(cost, 31)))
    }

    /// Creates (or replaces) an account; returns it. Facilitator accounts must name a facilitator
    /// of the roster: their scope is that facilitator's groups.
    @discardableResult
    public func create(login: String, displayName: String?, role: Account.Role, facilitatorID: Facilitator.ID?, password: String,
                       now: Date) async throws -> Account {
        let login = login.trimmingWhitespace().lowercased()
        guard login.range(of: "^[a-z0-9._-]{2,40}$", options: .regularExpression) != nil else {
            throw AccountError(.invalidLogin(login))
        }
        guard password.count >= Self.minimumPasswordLength else { throw AccountError(.weakPassword) }
        var facilitatorName: String?
        if role == .facilitator {
            guard let facilitatorID, let facilitator = try await store.facilitators().first(where: { $0.id == facilitatorID }) else {
                throw AccountError(.unknownFacilitator(facilitatorID ?? "-"))
            }
            facilitatorName = facilitator.name
        }
        let existing = try await store.account(id: login)
        let account = Account(
            id: login, displayName: displayName ?? facilitatorName ?? login, role: role,
            facilitatorID: role == .facilitator ? facilitatorID : nil, passwordHash: Self.hash(password, cost: cost),
            createdAt: existing?.createdAt ?? now)
        try await store.saveAccount(account)
        return account
    }

    /// The account, when the password is right and the account active. Takes as long for an
    /// unknown login as for a wrong password, so logins cannot be discovered by timing.
    public func authenticate(login: String, password: String) async throws -> Account? {
        let account = try await store.account(id: login.trimmingWhitespace().lowercased())
        guard let account, account.active else {
            _ = Bcrypt.verify(password, hash: Self.timingDecoy)
            return nil
        }
        return Bcrypt.verify(password, hash: account.passwordHash) ? account : nil
    }

    /// A new token for scripts; only its hash is stored, so it is shown once.
    public func issueToken(for accountID: Account.ID, label: String, now: Date) async throws -> String {
        guard try await store.account(id: accountID) != nil else { throw AccountError(.unknownAccount(accountID)) }
        let token = "pgt_" + Self.randomString(bytes: 24)
        try await store.saveAPIToken(APIToken(tokenHash: Self.tokenHash(token), accountID: accountID.lowercased(), label: label,
                                              createdAt: now))
        return token
    }

    public func account(forToken token: String) async throws -> Account? {
        try await store.account(forTokenHash: Self.tokenHash(token))
    }

    /// On a store with no admin account yet: an `admin` account with the given password or a
    /// random one. Returns the password when an account was made (to be shown once), nil otherwise.
    /// What `ensureFirstAdmin` did.
    public enum FirstAdmin: Sendable, Equatable {
        /// An admin account existed already.
        case existed
        /// Made with the password the operator gave (from the environment): never shown.
        case madeWithGivenPassword
        /// Made with this random password, to be shown once.
        case madeWithRandomPassword(String)
    }

    /// Makes the `admin` account when there is no admin yet, with `password` or a random one.
    public func ensureFirstAdmin(password: String?, now: Date) async throws -> FirstAdmin {
        guard try await !store.accounts().contains(where: { $0.role == .admin }) else { return .existed }
        if let given = password, !given.isEmpty {
            try await create(login: "admin", displayName: "Koordinator", role: .admin, facilitatorID: nil, password: given, now: now)
            return .madeWithGivenPassword
        }
        let random = Self.randomString(bytes: 9)
        try await create(login: "admin", displayName: "Koordinator", role: .admin, facilitatorID: nil, password: random, now: now)
        return .madeWithRandomPassword(random)
    }

    static let minimumPasswordLength = 8

    static func hash(_ password: String, cost: UInt8) -> String { Bcrypt.hash(password, cost: cost) }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// URL-safe random text from the system's generator.
    public static func randomString(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A hash of nothing anyone knows, checked against when the login does not exist.
    private static let timingDecoy = Bcrypt.hash(randomString(bytes: 12), cost: 10)
}
