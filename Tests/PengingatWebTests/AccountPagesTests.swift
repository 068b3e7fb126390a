import Foundation
import Hummingbird
import HummingbirdTesting
import PengingatStore
import PengingatWeb
import Testing

/// Sessions kept in the store, and the account pages: one's own password, an admin's accounts
/// and API tokens.
@Suite("Sessions and account pages")
struct AccountPagesTests {
    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("a session outlives the process that made it and is shared with a second process; signing out ends it in both")
    func sessionsInTheStore() async throws {
        let fixture = try await WebFixture.make()
        let restarted = try await fixture.anotherProcess()
        try await fixture.test { first in
            let siti = try await first.signIn("siti")
            try await WebFixture.test(restarted) { second in
                // The other process (or this one after a restart) knows the browser.
                let home = try await second.get("/", jar: siti)
                #expect(home.status == .ok)
                #expect(Self.body(home).contains("Dedi Kurniawan"))
                // Its forms carry the same CSRF token, so a form made by one process posts to the other.
                let token = try await first.csrf(on: "/balasan", jar: siti)
                #expect(try await second.csrf(on: "/balasan", jar: siti) == token)

                _ = try await second.post("/keluar", form: [("_csrf", token)], jar: siti)
            }
            let after = try await first.get("/", jar: siti)
            #expect(after.status == .seeOther && after.headers[.location] == "/masuk")
        }
        // Only the token's hash is stored: the cookie's value is nowhere in the database.
        let rows = try await fixture.store.database.writer.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM web_sessions") }
        #expect(rows.allSatisfy { $0.count == 64 })
    }

    @Test("changing one's own password: the current one must be right; afterwards only the new one signs in, and the other browsers are signed out")
    func changeOwnPassword() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let phone = try await client.signIn("siti")
            let laptop = try await client.signIn("siti")
            let budi = try await client.signIn("budi")
            #expect(Self.body(try await client.get("/akun", jar: phone)).contains("Ganti kata sandi"))
            let csrf = try await client.csrf(on: "/akun", jar: phone)

            let wrong = try await client.post("/akun/sandi", form: [
                ("_csrf", csrf), ("sandi_lama", "bukan-ini"), ("sandi_baru", "sandi-baru-siti"), ("sandi_ulang", "sandi-baru-siti"),
            ], jar: phone)
            #expect(wrong.status == .badRequest)
            #expect(Self.body(wrong).contains("AKN06"))
            let differ = try await client.post("/akun/sandi", form: [
                ("_csrf", csrf), ("sandi_lama", WebFixture.passwords["siti"]!), ("sandi_baru", "sandi-baru-siti"), ("sandi_ulang", "sandi-baru-sita"),
            ], jar: phone)
            #expect(Self.body(differ).contains("AKN07"))
            let short = try await client.post("/akun/sandi", form: [
                ("_csrf", csrf), ("sandi_lama", WebFixture.passwords["siti"]!), ("sandi_baru", "pendek"), ("sandi_ulang", "pendek"),
            ], jar: phone)
            #expect(Self.body(short).contains("AKN02"))
            let forged = try await client.post("/akun/sandi", form: [
                ("_csrf", "lain"), ("sandi_lama", WebFixture.passwords["siti"]!), ("sandi_baru", "sandi-baru-siti"), ("sandi_ulang", "sandi-baru-siti"),
            ], jar: phone)
            #expect(forged.status == .forbidden)

            let changed = try await client.post("/akun/sandi", form: [
                ("_csrf", csrf), ("sandi_lama", WebFixture.passwords["siti"]!), ("sandi_baru", "sandi-baru-siti"), ("sandi_ulang", "sandi-baru-siti"),
            ], jar: phone)
            #expect(changed.status == .seeOther)
            #expect(changed.headers[.location] == "/akun?ok=sandi&keluar=1")
            #expect(Self.body(try await client.get("/akun?ok=sandi&keluar=1", jar: phone)).contains("1 perangkat lain"))
            // This browser stays; the laptop is signed out; another account is untouched.
            #expect(try await client.get("/", jar: phone).status == .ok)
            #expect(try await client.get("/", jar: laptop).status == .seeOther)
            #expect(try await client.get("/", jar: budi).status == .ok)
            await #expect(throws: SignInFailed.self) { _ = try await client.signIn("siti") }
            _ = try await client.signIn("siti", password: "sandi-baru-siti")
        }
        let trail = try await fixture.store.auditLog(limit: 10)
        #expect(trail.contains { $0.actor == "siti" && $0.action == "account.password" && $0.subject == "siti" })
        #expect(trail.allSatisfy { !$0.detail.contains("sandi-baru-siti") })
    }

    @Test("an admin adds a facilitator's account, which signs in with its own scope; a facilitator cannot manage accounts")
    func adminAddsAccount() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let siti = try await client.signIn("siti")
            #expect(try await client.get("/akun/semua", jar: siti).status == .forbidden)
            let sitiCSRF = try await client.csrf(on: "/akun", jar: siti)
            let refused = try await client.post("/akun/baru", form: [
                ("_csrf", sitiCSRF), ("nama", "penyusup"), ("pendamping", "PDP-01"), ("sandi", "rahasia-123"), ("sandi_ulang", "rahasia-123"),
            ], jar: siti)
            #expect(refused.status == .forbidden)
            #expect(try await fixture.store.account(id: "penyusup") == nil)
            // No link to the admin's page for a facilitator.
            #expect(!Self.body(try await client.get("/akun", jar: siti)).contains("/akun/semua"))

            let admin = try await client.signIn("admin")
            let page = Self.body(try await client.get("/akun/semua", jar: admin))
            #expect(page.contains("Tambah akun pendamping") && page.contains("Nia Rahmawati"))
            #expect(page.contains("sudah punya akun"))
            #expect(!page.contains("· ·"), "no empty field between separators")
            let csrf = try await client.csrf(on: "/akun/semua", jar: admin)
            let taken = try await client.post("/akun/baru", form: [
                ("_csrf", csrf), ("nama", "Siti"), ("pendamping", "PDP-01"), ("sandi", "rahasia-123"), ("sandi_ulang", "rahasia-123"),
            ], jar: admin)
            #expect(taken.status == .badRequest)
            #expect(Self.body(taken).contains("AKN05"))
            #expect(try await fixture.store.account(id: "siti")?.facilitatorID == "PDP-01", "an existing account is never replaced")
            let unknown = try await client.post("/akun/baru", form: [
                ("_csrf", csrf), ("nama", "rina"), ("pendamping", "PDP-99"), ("sandi", "rahasia-123"), ("sandi_ulang", "rahasia-123"),
            ], jar: admin)
            #expect(Self.body(unknown).contains("AKN03"))
            // What was typed comes back, except the password.
            #expect(Self.body(unknown).contains(#"value="rina""#) && !Self.body(unknown).contains("rahasia-123"))

            let added = try await client.post("/akun/baru", form: [
                ("_csrf", csrf), ("nama", "Rina.P"), ("pendamping", "PDP-02"), ("nama_tampil", "Rina Pengganti"),
                ("sandi", "rina-rahasia-9"), ("sandi_ulang", "rina-rahasia-9"),
            ], jar: admin)
            #expect(added.status == .seeOther && added.headers[.location] == "/akun/semua?ok=baru")
            let rina = try await client.signIn("rina.p", password: "rina-rahasia-9")
            let groups = Self.body(try await client.get("/kelompok", jar: rina))
            #expect(groups.contains("KLP-11") && !groups.contains("KLP-01"), "PDP-02's groups, not PDP-01's")
            #expect(try await client.get("/kpm/KPM-0001", jar: rina).status == .notFound, "not PDP-01's households")
        }
        let created = try #require(try await fixture.store.account(id: "rina.p"))
        #expect(created.role == .facilitator && created.facilitatorID == "PDP-02" && created.displayName == "Rina Pengganti")
        #expect(try await fixture.store.auditLog(limit: 5).contains { $0.actor == "admin" && $0.action == "account.create" && $0.subject == "rina.p" })
    }

    @Test("an admin resets a password or turns an account off: that account is signed out everywhere")
    func adminResetsAndDisables() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let budi = try await client.signIn("budi")
            let admin = try await client.signIn("admin")
            let csrf = try await client.csrf(on: "/akun/semua", jar: admin)
            let reset = try await client.post("/akun/budi/sandi", form: [("_csrf", csrf), ("sandi", "budi-baru-123"), ("sandi_ulang", "budi-baru-123")],
                                              jar: admin)
            #expect(reset.status == .seeOther)
            #expect(try await client.get("/", jar: budi).status == .seeOther, "signed out by the reset")
            let again = try await client.signIn("budi", password: "budi-baru-123")
            #expect(try await client.get("/", jar: admin).status == .ok, "the admin's own session is untouched")

            let own = try await client.post("/akun/admin/aktif", form: [("_csrf", csrf), ("aktif", "0")], jar: admin)
            #expect(Self.body(own).contains("AKN08"))
            let off = try await client.post("/akun/budi/aktif", form: [("_csrf", csrf), ("aktif", "0")], jar: admin)
            #expect(off.status == .seeOther)
            #expect(try await client.get("/", jar: again).status == .seeOther, "signed out by the deactivation")
            await #expect(throws: SignInFailed.self) { _ = try await client.signIn("budi", password: "budi-baru-123") }
            #expect(Self.body(try await client.get("/akun/semua", jar: admin)).contains("Nonaktif"))
            _ = try await client.post("/akun/budi/aktif", form: [("_csrf", csrf), ("aktif", "1")], jar: admin)
            _ = try await client.signIn("budi", password: "budi-baru-123")
        }
        let actions = try await fixture.store.auditLog(limit: 10).filter { $0.actor == "admin" }.map(\.action)
        #expect(actions == ["account.enable", "account.disable", "account.reset"])
    }

    @Test("an admin revokes an API token: the script is refused at once; the page never shows a token itself")
    func revokeToken() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "SIKS-NG", now: WebFixture.now)
        let other = try await fixture.accounts.issueToken(for: "budi", label: "laporan", now: WebFixture.now)
        try await fixture.test { client in
            #expect(try await client.json("/api/v1/groups", token: token).status == .ok)
            let admin = try await client.signIn("admin")
            let page = Self.body(try await client.get("/akun/semua", jar: admin))
            #expect(page.contains("SIKS-NG") && page.contains("laporan"))
            #expect(!page.contains(token) && !page.contains(other))
            let hash = try #require(try await fixture.store.apiTokens().first { $0.label == "SIKS-NG" }?.tokenHash)
            let csrf = try await client.csrf(on: "/akun/semua", jar: admin)
            let revoked = try await client.post("/akun/token/cabut", form: [("_csrf", csrf), ("token", hash)], jar: admin)
            #expect(revoked.status == .seeOther && revoked.headers[.location] == "/akun/semua?ok=cabut")
            #expect(try await client.json("/api/v1/groups", token: token).status == .unauthorized)
            #expect(try await client.json("/api/v1/groups", token: other).status == .ok)
            let twice = try await client.post("/akun/token/cabut", form: [("_csrf", csrf), ("token", hash)], jar: admin)
            #expect(Self.body(twice).contains("AKN09"))

            let siti = try await client.signIn("siti")
            let sitiCSRF = try await client.csrf(on: "/akun", jar: siti)
            let otherHash = try #require(try await fixture.store.apiTokens().first?.tokenHash)
            #expect(try await client.post("/akun/token/cabut", form: [("_csrf", sitiCSRF), ("token", otherHash)], jar: siti).status == .forbidden)
        }
        #expect(try await fixture.store.apiTokens().map(\.label) == ["laporan"])
        let entry = try #require(try await fixture.store.auditLog(limit: 5).first { $0.action == "token.revoke" })
        #expect(entry.actor == "admin" && entry.subject == "siti" && !entry.detail.contains(token))
    }
}
