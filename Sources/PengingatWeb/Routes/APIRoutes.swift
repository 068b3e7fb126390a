import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import PengingatAPI
import Synchronization

/// The JSON API under `/api/v1`, for the district's systems and scripts: its routes are
/// registered by the code swift-openapi-generator builds from openapi.yaml (`PengingatAPI`), so
/// the spec and the routes are one thing. `FacilitatorAPI` implements the operations over the same
/// `FacilitatorDesk` and scope as the pages.
extension FacilitatorSite {
    func addAPIRoutes(to router: Router<WebRequestContext>) {
        let table = APIRouteTable(router: router)
        do {
            try FacilitatorAPI(desk: desk, store: store).registerHandlers(
                on: table, serverURL: URL(string: "/")!,
                // Compact JSON, as the pages' forms and scripts expect; instants in RFC 3339.
                configuration: Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
                // Outermost first: errors are written for everything inside; the token is read
                // before the body.
                middlewares: [APIErrorMiddleware(logger: logger), APIAuthenticationMiddleware(accounts: accounts),
                              APIRequestBodyMiddleware()])
        } catch {
            // Only a server URL that is not one can fail, and "/" is one.
            preconditionFailure("the API's routes could not be registered: \(error)")
        }
        // Any other method of an API path is 405 with `Allow`, as the spec says by omission.
        let every: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .trace, .options, HTTPRequest.Method("QUERY")!]
        for (path, allowed) in table.methodsByPath {
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in every where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ in
                    var failure = APIFailure(status: .methodNotAllowed, code: "API03",
                                             message: "Metode \(method.rawValue) tidak ada untuk alamat ini.",
                                             remedy: "Pakai \(allow), seperti di openapi.yaml.")
                    failure.headers[.allow] = allow
                    let (head, body) = failure.response
                    return Response(status: head.status, headers: head.headerFields,
                                    body: .init(byteBuffer: ByteBuffer(bytes: try await [UInt8](collecting: body, upTo: .max))))
                }
            }
        }
    }
}

/// Hands the generated handlers to the router and keeps which methods each path answers.
final class APIRouteTable: ServerTransport {
    private let router: Router<WebRequestContext>
    private let methods = Mutex<[String: [HTTPRequest.Method]]>([:])

    init(router: Router<WebRequestContext>) {
        self.router = router
    }

    var methodsByPath: [String: [HTTPRequest.Method]] { methods.withLock { $0 } }

    func register(
        _ handler: @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        methods.withLock { $0[path, default: []].append(method) }
        try router.register(handler, method: method, path: path)
    }
}
