import Foundation
import PengingatStore
import Synchronization

/// A signed-in browser: the random token its cookie carries, the account, and the token its
/// forms must carry back (CSRF).
public struct WebSession: Sendable, Equatable {
    public let token: String
    public let accountID: Account.ID
    public let csrfToken: String
    public var expiresAt: Date
}

/// Sessions in the memory of the `serve` process: a restart signs everyone out, which costs a
/// facilitator one login. Several `serve` processes behind one address need sticky sessions.
public final class SessionStore: Sendable {
    private let sessions = Mutex<[String: WebSession]>([:])
    let lifetime: TimeInterval

    public init(lifetime: TimeInterval) { self.lifetime = lifetime }

    public func start(for account: Account, now: Date) -> WebSession {
        let session = WebSession(
            token: AccountService.randomString(bytes: 32), accountID: account.id, csrfToken: AccountService.randomString(bytes: 24),
            expiresAt: now.addingTimeInterval(lifetime))
        sessions.withLock { all in
            all = all.filter { $0.value.expiresAt > now }
            all[session.token] = session
        }
        return session
    }

    /// The live session with this token, its life extended (sessions end after idle time).
    public func session(token: String, now: Date) -> WebSession? {
        sessions.withLock { all in
            guard var session = all[token] else { return nil }
            guard session.expiresAt > now else {
                all[token] = nil
                return nil
            }
            session.expiresAt = now.addingTimeInterval(lifetime)
            all[token] = session
            return session
        }
    }

    public func end(token: String) { sessions.withLock { _ = $0.removeValue(forKey: token) } }
}
