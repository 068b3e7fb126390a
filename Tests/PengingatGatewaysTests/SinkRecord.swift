import Foundation
import PengingatGateways

/// One request as the HTTP sink recorded it (`GET /_requests`).
struct SinkRecord: Decodable {
    let method: String
    let path: String
    let query: String
    let params: [String: String]
    /// Lower-cased names; repeated headers joined with ", ".
    let headers: [String: String]
    let body: String
    let time: Double
    let clientPort: Int
    /// The status answered, "reset" or "refused" (as text).
    let outcome: String?

    enum CodingKeys: String, CodingKey {
        case method, path, query, params, headers, body, time, outcome
        case clientPort = "client_port"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        path = try container.decode(String.self, forKey: .path)
        query = try container.decode(String.self, forKey: .query)
        params = try container.decode([String: String].self, forKey: .params)
        headers = try container.decode([String: String].self, forKey: .headers)
        body = try container.decode(String.self, forKey: .body)
        time = try container.decode(Double.self, forKey: .time)
        clientPort = try container.decode(Int.self, forKey: .clientPort)
        if let status = try? container.decode(Int.self, forKey: .outcome) {
            outcome = String(status)
        } else {
            outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
        }
    }
}

extension TestServer {
    /// Everything the sink recorded, read through `transport`.
    func records(via transport: CurlTransport) async throws -> [SinkRecord] {
        let response = try await transport.send(HTTPRequest(url: url("/_requests"), timeout: 5))
        return try JSONDecoder().decode([SinkRecord].self, from: response.body)
    }

    /// POSTs to a control path (`/_reset`, `/_down`, `/_up`).
    func control(_ path: String, via transport: CurlTransport) async throws {
        let response = try await transport.send(HTTPRequest(method: .post, url: url(path), timeout: 5))
        guard response.status == 200 else { throw CurlError(code: 0, detail: "control \(path) answered \(response.status)") }
    }
}
