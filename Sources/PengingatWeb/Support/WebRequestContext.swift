import Hummingbird
import NIOCore
import PengingatStore

/// Every request's context: who is signed in (from the session cookie or an API token) and
/// from which address, for the login rate limit.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var account: Account?
    public var session: WebSession?
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}
