import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path (never the query, which can carry a phone number
/// or a secret), status and duration.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        do {
            let response = try await next(request, context)
            logger.info("request", metadata: [
                "http.method": "\(request.method)", "http.path": "\(path)", "http.status": "\(response.status.code)",
                "http.duration_ms": "\(Int((ContinuousClock.now - start) / .milliseconds(1)))",
            ])
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            logger.info("request", metadata: ["http.method": "\(request.method)", "http.path": "\(path)", "http.status": "\(status)"])
            throw error
        }
    }
}

/// Headers that keep the pages from being framed, sniffed or leaking their address.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
        return response
    }
}
