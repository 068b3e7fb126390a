import Foundation
import Hummingbird
import PengingatCore
import PengingatStore

/// The account pages: anyone changes their own password (`/akun`); an admin adds facilitator
/// accounts, resets passwords, turns accounts off and revokes API tokens (`/akun/semua`).
/// Every change is in the audit trail; a changed password signs the account's other browsers out.
extension FacilitatorSite {
    func addAccountRoutes(to router: Router<WebRequestContext>) {
        router.get("akun", use: page { request, _, account, session in
            var chrome = chrome(account, session, section: "akun")
            chrome.notice = Self.accountNotice(request)
            return Self.html(pages.render("akun", title: "Akun saya", content: OwnAccountPage(account), chrome: chrome))
        })
        router.post("akun/sandi", use: form { form, _, account, session in
            let signedOut: Int
            do {
                signedOut = try await accounts.changePassword(
                    of: account, current: form["sandi_lama"] ?? "", new: form["sandi_baru"] ?? "", repeated: form["sandi_ulang"] ?? "",
                    keeping: session.token, now: now())
            } catch let error as AccountError {
                return accountPage("akun", title: "Akun saya", content: OwnAccountPage(account), error: error, account, session)
            }
            logger.info("password changed", metadata: ["account.id": "\(account.id)", "account.sessions_ended": "\(signedOut)"])
            return Self.redirect("/akun?ok=sandi&keluar=\(signedOut)")
        })

        router.get("akun/semua", use: page { request, _, account, session in
            try AccountService.requireAdmin(account)
            var chrome = chrome(account, session, section: "akun")
            chrome.notice = Self.accountNotice(request)
            return Self.html(pages.render("akun-semua", title: "Semua akun", content: try await accountsPage(for: account, form: nil),
                                          chrome: chrome))
        })
        router.post("akun/baru", use: form { form, _, account, session in
            let entry = NewAccountForm(form)
            do {
                try await accounts.addFacilitatorAccount(
                    login: entry.login, facilitatorID: entry.facilitatorID, displayName: entry.displayName,
                    password: form["sandi"] ?? "", repeated: form["sandi_ulang"] ?? "", by: account, now: now())
            } catch let error as AccountError {
                return accountPage("akun-semua", title: "Semua akun", content: try await accountsPage(for: account, form: entry),
                                   error: error, account, session)
            }
            return Self.redirect("/akun/semua?ok=baru")
        })
        router.post("akun/:id/sandi", use: form { form, context, account, session in
            let login = try context.parameters.require("id")
            do {
                try await accounts.resetPassword(login: login, new: form["sandi"] ?? "", repeated: form["sandi_ulang"] ?? "",
                                                 by: account, keeping: session.token, now: now())
            } catch let error as AccountError {
                return accountPage("akun-semua", title: "Semua akun", content: try await accountsPage(for: account, form: nil),
                                   error: error, account, session)
            }
            return Self.redirect("/akun/semua?ok=atur-ulang")
        })
        router.post("akun/:id/aktif", use: form { form, context, account, session in
            let login = try context.parameters.require("id")
            let active = form["aktif"] == "1"
            do {
                try await accounts.setActive(login: login, active: active, by: account, now: now())
            } catch let error as AccountError {
                return accountPage("akun-semua", title: "Semua akun", content: try await accountsPage(for: account, form: nil),
                                   error: error, account, session)
            }
            return Self.redirect("/akun/semua?ok=\(active ? "aktif" : "nonaktif")")
        })
        router.post("akun/token/cabut", use: form { form, _, account, session in
            do {
                try await accounts.revokeToken(hash: form["token"] ?? "", by: account, now: now())
            } catch let error as AccountError {
                return accountPage("akun-semua", title: "Semua akun", content: try await accountsPage(for: account, form: nil),
                                   error: error, account, session)
            }
            return Self.redirect("/akun/semua?ok=cabut")
        })
    }

    /// An account page shown again with what went wrong and what to do, keeping what was typed
    /// (never a password).
    func accountPage(_ template: String, title: String, content: Any, error: AccountError, _ account: Account,
                     _ session: WebSession) -> Response {
        var chrome = chrome(account, session, section: "akun")
        chrome.error = "[\(error.code)] \(error.explanation) \(error.remedy(for: .pages))"
        return Self.html(pages.render(template, title: title, content: content, chrome: chrome), status: .badRequest)
    }

    /// Fixed texts chosen by code; only numbers are read from the address.
    static func accountNotice(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        switch query["ok"].map(String.init) {
        case "sandi":
            let others = query["keluar"].flatMap { Int($0) } ?? 0
            return "Kata sandi sudah diganti." + (others > 0 ? " \(others) perangkat lain yang masuk dengan akun ini sudah dikeluarkan." : "")
        case "baru": return "Akun pendamping sudah dibuat. Sampaikan nama akun dan kata sandinya secara langsung, jangan lewat grup."
        case "atur-ulang": return "Kata sandi sudah diatur ulang. Akun itu perlu masuk lagi di semua perangkat."
        case "aktif": return "Akun diaktifkan lagi."
        case "nonaktif": return "Akun dinonaktifkan: tidak bisa masuk, dan token skripnya tidak berlaku."
        case "cabut": return "Token dicabut: skrip yang memakainya tidak bisa masuk lagi."
        default: return nil
        }
    }

    func accountsPage(for admin: Account, form: NewAccountForm?) async throws -> AccountsPage {
        let all = try await store.accounts()
        let facilitators = try await store.facilitators()
        let names = Dictionary(facilitators.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let withAccount = Set(all.filter(\.active).compactMap(\.facilitatorID))
        let rows = all.map { account in
            AccountRow(
                id: account.id, name: account.displayName,
                role: DeskLabels.role(account.role),
                facilitator: account.facilitatorID.map { "\(names[$0] ?? $0) (\($0))" },
                active: account.active, isSelf: account.id == admin.id,
                created: DeskLabels.when(LocalDateTime(account.createdAt, in: .wib)))
        }
        let tokens = try await accounts.tokens(by: admin).map { token in
            TokenRow(hash: token.tokenHash, shortHash: String(token.tokenHash.prefix(8)), label: token.label, owner: token.accountID,
                     created: DeskLabels.when(LocalDateTime(token.createdAt, in: .wib)))
        }
        let chosen = form?.facilitatorID ?? ""
        // Every facilitator can be chosen (a successor may take over a predecessor's groups); those
        // with an active account are marked, so nobody makes a second one by mistake.
        let choices = facilitators.map { facilitator in
            ["id": facilitator.id, "name": facilitator.name, "selected": facilitator.id == chosen ? "selected" : "",
             "note": withAccount.contains(facilitator.id) ? " — sudah punya akun" : ""]
        }
        return AccountsPage(accounts: rows, facilitators: choices, tokens: tokens, hasTokens: !tokens.isEmpty,
                            hasFacilitators: !choices.isEmpty, login: form?.login ?? "", displayName: form?.displayName ?? "")
    }
}

struct OwnAccountPage {
    let login: String
    let name: String
    let role: String

    init(_ account: Account) {
        login = account.id
        name = account.displayName
        role = DeskLabels.role(account.role)
    }
}

struct NewAccountForm: Sendable {
    let login: String
    let facilitatorID: Facilitator.ID
    let displayName: String

    init(_ form: FormData) {
        login = (form["nama"] ?? "").trimmingWhitespace().lowercased()
        facilitatorID = form["pendamping"]?.trimmingWhitespace() ?? ""
        displayName = form["nama_tampil"]?.trimmingWhitespace() ?? ""
    }
}

struct AccountRow {
    let id: String
    let name: String
    let role: String
    /// Nil for an admin (Mustache would show an empty text's section).
    let facilitator: String?
    let active: Bool
    let isSelf: Bool
    let created: String
}

struct TokenRow {
    let hash: String
    let shortHash: String
    let label: String
    let owner: String
    let created: String
}

struct AccountsPage {
    let accounts: [AccountRow]
    let facilitators: [[String: String]]
    let tokens: [TokenRow]
    let hasTokens: Bool
    let hasFacilitators: Bool
    let login: String
    let displayName: String
}
