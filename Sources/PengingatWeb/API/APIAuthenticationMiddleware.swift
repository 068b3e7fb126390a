import HTTPTypes
import OpenAPIRuntime
import PengingatStore

/// Every API call carries `Authorization: Bearer <token>` (`pengingat akun token`); no cookies,
/// so no CSRF. The account the token belongs to is the caller for the rest of the request
/// (`caller`), before its body is read: a request without a valid token learns nothing else.
struct APIAuthenticationMiddleware: ServerMiddleware {
    @TaskLocal static var caller: Account?

    /// An operation ran outside this middleware: a wiring mistake, never a caller's.
    struct Unauthenticated: Error {}

    let accounts: AccountService

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let header = request.headerFields[.authorization], header.hasPrefix("Bearer "),
              let account = try await accounts.account(forToken: String(header.dropFirst("Bearer ".count)))
        else { return APIFailure.unauthorized.response }
        var (response, responseBody) = try await Self.$caller.withValue(account) { try await next(request, body, metadata) }
        // What a token reads is one account's view of households: never kept by a cache.
        response.headerFields[.cacheControl] = "no-store"
        return (response, responseBody)
    }
}
