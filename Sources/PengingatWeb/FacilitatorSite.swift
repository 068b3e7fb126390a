import Foundation
import Hummingbird
import Logging
import PengingatCore
import PengingatService
import PengingatStore

/// The facilitators' pages and the JSON API, with their accounts and sessions: the part of the
/// web application `pengingat kirim` does not run.
struct FacilitatorSite: Sendable {
    let configuration: WebApplication.Configuration
    let store: any PengingatStore
    let desk: FacilitatorDesk
    let accounts: AccountService
    let pages: PageRenderer
    let sessions: WebSessions
    let loginLimiter: LoginRateLimiter
    let logger: Logger
    let now: @Sendable () -> Date

    init(configuration: WebApplication.Configuration, store: any PengingatStore, desk: FacilitatorDesk, accounts: AccountService,
         pages: PageRenderer, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.store = store
        self.desk = desk
        self.accounts = accounts
        self.pages = pages
        self.sessions = WebSessions(store: store, lifetime: configuration.sessionLifetime)
        self.loginLimiter = LoginRateLimiter(limit: configuration.loginAttempts, window: configuration.loginWindow)
        self.logger = logger
        self.now = now
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        addPageRoutes(to: router)
        addAPIRoutes(to: router)
    }
}
