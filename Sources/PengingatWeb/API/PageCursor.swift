import Foundation
import PengingatCore
import PengingatStore

/// Where the next page of a list starts, opaque to callers (base64url of the position), so the
/// paging scheme can change without breaking them. Every list pages by keyset: a page costs
/// the same wherever it is in the list.
enum PageCursor {
    static func encode(_ position: String) -> String {
        Data(position.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Nil unless it is base64url (as the spec's pattern says). A well-formed cursor that no page
    /// gave is still a position in the list, so it answers a page, as any position would.
    static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard base64.count % 4 != 1, base64.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") })
        else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - The lists' positions

    /// Households, by id: the id of the last one shown.
    static func household(after id: Household.ID) -> String { encode(id) }

    /// The delivery log, newest first: the last line shown.
    static func logLine(_ line: Int64) -> String { encode(String(line)) }

    static func logLine(from cursor: String) -> Int64? { decode(cursor).flatMap { Int64($0) } }

    /// Replies, newest first: when the last one shown came in, and its id.
    static func reply(_ position: Reply.Position) -> String {
        encode("\(Int64((position.receivedAt.timeIntervalSince1970 * 1000).rounded())) \(position.id)")
    }

    static func reply(from cursor: String) -> Reply.Position? {
        guard let text = decode(cursor), let space = text.firstIndex(of: " "), let milliseconds = Int64(text[..<space]) else {
            return nil
        }
        return Reply.Position(receivedAt: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000),
                              id: String(text[text.index(after: space)...]))
    }
}
