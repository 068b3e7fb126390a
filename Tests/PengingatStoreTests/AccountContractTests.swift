import Foundation
import PengingatCore
import PengingatStore
import Testing

/// Accounts, API tokens, web sessions and the audit trail kept the same in every store.
@Suite("Account store contract")
struct AccountContractTests {
    static let base = OutboxContractTests.base

    static func account(_ id: String, role: Account.Role = .facilitator, facilitator: Facilitator.ID? = "F1",
                        hash: String = "$2b$04$hash", active: Bool = true, minutes: Double = 0) -> Account {
        Account(id: id, displayName: "Nama \(id)", role: role, facilitatorID: role == .admin ? nil : facilitator, passwordHash: hash,
                active: active, createdAt: base.addingTimeInterval(minutes * 60))
    }

    static func seeded(_ kind: StoreKind) async throws -> any PengingatStore {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        return store
    }

    @Test("an account reads back as saved, by its login in any case; saving again replaces it but keeps when it was made",
          arguments: StoreKind.allCases)
    func accounts(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        let siti = Self.account("siti")
        try await store.saveAccount(Self.account("budi", facilitator: "F2", minutes: 1))
        try await store.saveAccount(siti)
        try await store.saveAccount(Self.account("admin", role: .admin, minutes: 2))
        #expect(try await store.account(id: "siti") == siti)
        #expect(try await store.account(id: "SITI") == siti)
        #expect(try await store.account(id: "tidak-ada") == nil)
        #expect(try await store.accounts().map(\.id) == ["admin", "budi", "siti"])
        #expect(try await store.account(id: "admin")?.scope == .everything)
        #expect(try await store.account(id: "budi")?.scope == .facilitator("F2"))

        var changed = Self.account("siti", hash: "$2b$04$baru", active: false, minutes: 30)
        changed.displayName = "Siti Aminah"
        try await store.saveAccount(changed)
        let stored = try #require(try await store.account(id: "siti"))
        #expect(stored.displayName == "Siti Aminah" && stored.passwordHash == "$2b$04$baru" && !stored.active)
        #expect(stored.createdAt == siti.createdAt, "when the account was made does not change")
        #expect(try await store.accounts().count == 3)
    }

    @Test("a token finds its account while the account is active; an unknown token finds nothing", arguments: StoreKind.allCases)
    func tokens(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        try await store.saveAccount(Self.account("siti"))
        try await store.saveAPIToken(APIToken(tokenHash: String(repeating: "a", count: 64), accountID: "siti", label: "skrip",
                                              createdAt: Self.base))
        #expect(try await store.account(forTokenHash: String(repeating: "a", count: 64))?.id == "siti")
        #expect(try await store.account(forTokenHash: String(repeating: "b", count: 64)) == nil)
        try await store.saveAccount(Self.account("siti", active: false))
        #expect(try await store.account(forTokenHash: String(repeating: "a", count: 64)) == nil, "a disabled account's token")
    }

    @Test("the audit trail is kept as written, newest first, as many as asked", arguments: StoreKind.allCases)
    func audit(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        let entries = (0..<5).map { index in
            AuditEntry(at: Self.base.addingTimeInterval(Double(index) * 60), actor: "siti", action: "meeting.move",
                       subject: "G1/2026-12", detail: "ke Kamis \(index)")
        }
        for entry in entries { try await store.recordAudit(entry) }
        #expect(try await store.auditLog(limit: 3) == Array(entries.reversed().prefix(3)))
        #expect(try await store.auditLog(limit: 100) == entries.reversed())
    }

    @Test("tokens are listed newest first and revoked one by one; a revoked token finds nothing", arguments: StoreKind.allCases)
    func tokenRevocation(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        try await store.saveAccount(Self.account("siti"))
        try await store.saveAccount(Self.account("budi", facilitator: "F2"))
        let older = APIToken(tokenHash: String(repeating: "1", count: 64), accountID: "siti", label: "skrip lama", createdAt: Self.base)
        let newer = APIToken(tokenHash: String(repeating: "2", count: 64), accountID: "budi", label: "laporan",
                             createdAt: Self.base.addingTimeInterval(60))
        try await store.saveAPIToken(older)
        try await store.saveAPIToken(newer)
        #expect(try await store.apiTokens() == [newer, older])
        #expect(try await store.deleteAPIToken(hash: older.tokenHash) == older, "the revoked token, as it was")
        #expect(try await store.deleteAPIToken(hash: older.tokenHash) == nil, "already gone")
        #expect(try await store.apiTokens() == [newer])
        #expect(try await store.account(forTokenHash: older.tokenHash) == nil)
        #expect(try await store.account(forTokenHash: newer.tokenHash)?.id == "budi")
    }

    static func session(_ hash: String, account: String, minutes: Double) -> StoredSession {
        StoredSession(tokenHash: hash, accountID: account, csrfToken: "csrf-\(hash)", expiresAt: base.addingTimeInterval(minutes * 60),
                      createdAt: base)
    }

    @Test("a session reads back as saved, its expiry moves, and it ends alone, with its account's others, or once expired",
          arguments: StoreKind.allCases)
    func sessions(kind: StoreKind) async throws {
        let store = try await Self.seeded(kind)
        try await store.saveAccount(Self.account("siti"))
        try await store.saveAccount(Self.account("budi", facilitator: "F2"))
        let here = Self.session("h1", account: "siti", minutes: 60)
        try await store.saveSession(here)
        try await store.saveSession(Self.session("h2", account: "SITI", minutes: 60))
        try await store.saveSession(Self.session("h3", account: "siti", minutes: 5))
        try await store.saveSession(Self.session("b1", account: "budi", minutes: 1))
        #expect(try await store.session(tokenHash: "h1") == here)
        #expect(try await store.session(tokenHash: "h2")?.accountID == "siti", "logins are kept lower case")
        #expect(try await store.session(tokenHash: "tidak-ada") == nil)

        #expect(try await store.extendSession(tokenHash: "h1", to: Self.base.addingTimeInterval(7200)))
        #expect(try await store.session(tokenHash: "h1")?.expiresAt == Self.base.addingTimeInterval(7200))
        #expect(try await store.session(tokenHash: "h1")?.createdAt == Self.base)
        let extendedNothing = try await store.extendSession(tokenHash: "tidak-ada", to: Self.base)
        #expect(!extendedNothing)

        // Sessions that expired before the moment go; the others stay.
        #expect(try await store.deleteSessions(expiredBefore: Self.base.addingTimeInterval(120)) == 1)
        #expect(try await store.session(tokenHash: "b1") == nil)
        #expect(try await store.session(tokenHash: "h3") != nil)

        // A password change: every other browser of the account is signed out, not this one, not others'.
        try await store.saveSession(Self.session("b2", account: "budi", minutes: 60))
        #expect(try await store.endSessions(accountID: "Siti", except: "h1") == 2)
        #expect(try await store.session(tokenHash: "h1") != nil)
        #expect(try await store.session(tokenHash: "h2") == nil)
        #expect(try await store.session(tokenHash: "h3") == nil)
        #expect(try await store.session(tokenHash: "b2") != nil)

        #expect(try await store.endSession(tokenHash: "h1"))
        let endedTwice = try await store.endSession(tokenHash: "h1")
        #expect(!endedTwice)
        #expect(try await store.session(tokenHash: "h1") == nil)
        #expect(try await store.endSessions(accountID: "budi", except: nil) == 1)
        #expect(try await store.session(tokenHash: "b2") == nil)
    }
}
