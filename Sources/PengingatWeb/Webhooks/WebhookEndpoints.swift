import Foundation
import Hummingbird
import Metrics
import NIOCore
import PengingatGateways

/// Mounts the gateways' webhook routes (declared in each gateway's folder) on the router, and
/// refuses every other path under `/webhooks`. Every refusal is counted in
/// `pengingat_webhook_rejections_total{webhook,reason}`; logs never carry the numbers or texts
/// a webhook brings.
struct WebhookEndpoints: Sendable {
    let routes: [WebhookRoute]
    let backend: any WebhookBackend

    func add(to router: Router<WebRequestContext>) {
        for route in routes {
            let method: HTTPRequest.Method = route.method == .get ? .get : .post
            router.on(RouterPath(route.path), method: method) { request, _ in try await answer(request, through: route) }
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("webhooks/**", method: method) { _, _ in
                Self.response(.refused("no_such_webhook", status: 404, "no such webhook"), webhook: "unknown")
            }
        }
    }

    private func answer(_ request: Request, through route: WebhookRoute) async throws -> Response {
        let body = route.method == .post ? Data(buffer: try await request.body.collect(upTo: route.bodyLimit)) : Data()
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let call = WebhookRequest(query: request.uri.query ?? "", headers: headers, body: body,
                                  target: request.uri.description, authority: request.head.authority)
        return Self.response(try await route.handle(call, backend), webhook: route.webhook)
    }

    static func response(_ answer: WebhookResponse, webhook: String) -> Response {
        if let reason = answer.rejection {
            Counter(label: "pengingat_webhook_rejections_total", dimensions: [("webhook", webhook), ("reason", reason)]).increment()
        }
        return Response(status: .init(code: answer.status), headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: answer.text)))
    }
}
