import Foundation

/// An HTTP answer of any status: 4xx and 5xx are answers too, not `CurlError`s.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// The final answer's headers in the order received, names lower-cased (headers of
    /// an interim `100 Continue` are not included).
    public let headers: [(name: String, value: String)]
    public let body: Data
    /// The whole transfer, in seconds, as curl measured it (`CURLINFO_TOTAL_TIME`,
    /// including time spent waiting for a free connection).
    public let totalTime: TimeInterval
    /// True when curl sent the request on a connection kept from an earlier transfer
    /// (`CURLINFO_NUM_CONNECTS == 0`).
    public let reusedConnection: Bool

    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(),
        totalTime: TimeInterval = 0, reusedConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        self.body = body
        self.totalTime = totalTime
        self.reusedConnection = reusedConnection
    }

    /// The first header of this name (any case), e.g. `header("Retry-After")`.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.name == key }?.value
    }

    /// Every header of this name (any case), in order.
    public func headers(named name: String) -> [String] {
        let key = name.lowercased()
        return headers.filter { $0.name == key }.map(\.value)
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// 200–299.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
