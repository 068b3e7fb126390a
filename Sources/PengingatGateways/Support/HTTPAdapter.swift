import Foundation

/// A gateway that is one HTTP request per message: it builds the request and reads the
/// answer; sending, timing and transport failures are common to all of them.
protocol HTTPAdapter: Gateway {
    var transport: any HTTPTransport { get }
    func request(for message: GatewayMessage) throws -> HTTPRequest
    func read(_ response: HTTPResponse) -> GatewayResult
}

extension HTTPAdapter {
    public func send(_ message: GatewayMessage) async -> GatewayResult {
        let started = Date()
        let request: HTTPRequest
        do {
            request = try self.request(for: message)
        } catch {
            return GatewayResult(outcome: .permanent, error: "\(name): the message cannot be encoded")
        }
        do {
            return read(try await transport.send(request))
        } catch {
            return .transportFailure(error, latency: Date().timeIntervalSince(started))
        }
    }
}
