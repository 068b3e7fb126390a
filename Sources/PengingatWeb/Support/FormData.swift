import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, keeping repeated names (one radio group per household).
public struct FormData: Sendable {
    public let pairs: [(String, String)]

    public init(_ body: String) {
        pairs = body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return parts.count == 2 ? (parts[0], parts[1]) : (parts.count == 1 ? (parts[0], "") : nil)
        }
    }

    public subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Fields whose names start with `prefix`, by the rest of the name.
    public func fields(prefixed prefix: String) -> [(String, String)] {
        pairs.filter { $0.0.hasPrefix(prefix) }.map { (String($0.0.dropFirst(prefix.count)), $0.1) }
    }

    static func read(_ request: Request) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: 256 * 1024)
        return FormData(String(buffer: buffer))
    }
}
