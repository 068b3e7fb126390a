import Foundation
import HTTPTypes
import Hummingbird
import PengingatCore
import PengingatService
import PengingatStore

/// Signing in and out. The login form is protected by a double-submit token (a cookie and a
/// field that must match); failed attempts are rate-limited per address and per login name.
extension FacilitatorSite {
    func addLoginRoutes(to router: Router<WebRequestContext>) {
        router.get("masuk") { request, _ in
            if try await signedIn(request) != nil { return Self.redirect("/") }
            return loginPage(login: "", error: nil, status: .ok)
        }
        router.post("masuk") { request, context in
            let form = try await FormData.read(request)
            let login = (form["nama"] ?? "").trimmingWhitespace().lowercased()
            guard let loginToken = request.cookies[Self.loginCSRFCookie]?.value, let field = form["_csrf"],
                  ConstantTime.equals(loginToken, field)
            else {
                return loginPage(login: login, error: "[WEB07] Formulir masuk sudah kedaluwarsa. Muat ulang halaman, lalu coba lagi.",
                                 status: .forbidden)
            }
            let moment = now()
            if let retry = loginLimiter.retryAfter(address: context.remoteAddress, login: login, now: moment) {
                let minutes = max(1, Int((retry.timeIntervalSince(moment) / 60).rounded(.up)))
                logger.notice("login refused: too many failures", metadata: ["login.address": "\(context.remoteAddress)"])
                var response = loginPage(
                    login: login, error: "[WEB11] Terlalu banyak percobaan masuk. Coba lagi dalam \(minutes) menit.",
                    status: .tooManyRequests)
                response.headers[.retryAfter] = "\(minutes * 60)"
                return response
            }
            guard let account = try await accounts.authenticate(login: login, password: form["sandi"] ?? "") else {
                loginLimiter.recordFailure(address: context.remoteAddress, login: login, now: moment)
                return loginPage(login: login, error: "[WEB12] Nama akun atau kata sandi salah.", status: .unauthorized)
            }
            loginLimiter.recordSuccess(login: login)
            let session = try await sessions.start(for: account, now: moment)
            var response = Self.redirect("/")
            response.headers.append(HTTPField(name: .setCookie, value: cookie(
                Self.sessionCookie, session.token, maxAge: Int(configuration.sessionLifetime))))
            response.headers.append(HTTPField(name: .setCookie, value: cookie(Self.loginCSRFCookie, "", maxAge: 0)))
            logger.info("signed in", metadata: ["account.id": "\(account.id)"])
            return response
        }
        router.post("keluar") { request, _ in
            guard let (_, session) = try await signedIn(request) else { return Self.redirect("/masuk") }
            let form = try await FormData.read(request)
            guard let token = form["_csrf"], ConstantTime.equals(token, session.csrfToken) else {
                return Self.html("[WEB07] Formulir ini sudah kedaluwarsa.", status: .forbidden)
            }
            try await sessions.end(token: session.token)
            var response = Self.redirect("/masuk")
            response.headers.append(HTTPField(name: .setCookie, value: cookie(Self.sessionCookie, "", maxAge: 0)))
            return response
        }
    }

    private func loginPage(login: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = AccountService.randomString(bytes: 24)
        var chrome = PageRenderer.Chrome(csrf: token)
        chrome.error = error
        var response = Self.html(pages.render("masuk", title: "Masuk", content: ["login": login], chrome: chrome), status: status)
        response.headers.append(HTTPField(name: .setCookie, value: cookie(Self.loginCSRFCookie, token, maxAge: 3600)))
        return response
    }
}
