import Foundation
import Hummingbird
import PengingatCore

/// An `application/x-www-form-urlencoded` body, keeping repeated names (one radio group per household).
public struct FormData: Sendable {
    public let pairs: [(String, String)]

    public init(_ body: String) { pairs = FormEncoding.pairs(body) }

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
