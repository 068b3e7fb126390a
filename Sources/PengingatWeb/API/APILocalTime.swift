import Foundation
import PengingatCore

/// A wall time as the API takes it, exactly as openapi.yaml's pattern says:
/// `2026-12-10 13:30` or `2026-12-10T13:30` (a dot for the colon is also read).
enum APILocalTime {
    /// The longest broadcast text the API takes, in Unicode scalars (as JSON Schema counts).
    static let maximumTextLength = 1000

    /// Whether `text` has something besides white space, as the spec's `\S` pattern reads it
    /// (JavaScript's white space: Unicode's, and the byte-order mark).
    static func hasVisibleText(_ text: String) -> Bool {
        text.unicodeScalars.contains { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
    }

    static func parse(_ text: String) throws(DeskError) -> LocalDateTime {
        let bytes = Array(text.utf8)
        let digit = { (index: Int) in bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") }
        guard bytes.count == 16, [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15].allSatisfy(digit),
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":") || bytes[13] == UInt8(ascii: "."),
              let local = FacilitatorSite.localDateTime(text)
        else { throw DeskError(.invalidDateTime(text)) }
        return local
    }
}
