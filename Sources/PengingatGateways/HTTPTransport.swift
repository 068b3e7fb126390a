import Foundation

/// Sends HTTP requests and e-mail: `CurlTransport` in production; adapters depend on this
/// protocol so a test can stand a recording transport beside the real one.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(CurlError) -> HTTPResponse
    func send(_ mail: MailRequest) async throws(CurlError) -> MailResponse
}

extension CurlTransport: HTTPTransport {}

extension GatewayResult {
    /// A transport failure: no answer, so the gateway may be down or slow. Always retryable.
    static func transportFailure(_ error: CurlError, latency: TimeInterval) -> GatewayResult {
        GatewayResult(outcome: .retryable(retryAfter: nil), latency: latency, error: "curl \(error.code): \(error.message)")
    }

    /// The usual reading of an HTTP status when the provider has nothing more specific to say.
    static func fromStatus(_ response: HTTPResponse, providerID: String? = nil, error: String? = nil) -> GatewayResult {
        let retryAfter = response.header("retry-after").flatMap(TimeInterval.init)
        let outcome: Outcome = switch response.status {
        case 200..<300: .accepted(providerID: providerID)
        case 408, 425, 429, 500..<600: .retryable(retryAfter: retryAfter)
        default: .permanent
        }
        return GatewayResult(outcome: outcome, httpStatus: response.status, latency: response.totalTime, error: error)
    }
}
