import Foundation

/// A message a household sent through Kannel (its `sms-service` get-url).
public enum KannelInbound {
    public struct Message: Sendable, Equatable {
        public let providerID: String?
        /// As Kannel wrote it: "+6281…", "6281…" or "081…".
        public let from: String
        public let text: String
        public let at: Date?
    }

    /// Kannel's `sms-service` get-url, configured as
    /// `…/mo/kannel?secret=…&from=%p&text=%b&coding=%c&charset=%C&id=%I&ts=%T`. `%b` is the
    /// message's raw bytes, percent-encoded: they are read by the coding Kannel names (UCS-2
    /// as UTF-16BE; otherwise UTF-8 when valid, else Latin-1, which is what Kannel turns GSM
    /// text into). Nil when `from` or `text` is missing.
    public static func parse(query: String) -> Message? {
        var fields: [String: [UInt8]] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first else { continue }
            fields[String(decoding: percentDecoded(name), as: UTF8.self)] = parts.count > 1 ? percentDecoded(parts[1]) : []
        }
        func string(_ name: String) -> String? { fields[name].map { String(decoding: $0, as: UTF8.self) } }
        guard let from = string("from"), !from.isEmpty, let bytes = fields["text"] else { return nil }
        let charset = string("charset")?.uppercased() ?? ""
        let text: String
        if string("coding") == "2" || charset.hasPrefix("UTF-16") || charset.hasPrefix("UCS-2") || charset.hasPrefix("UCS2") {
            text = String(data: Data(bytes), encoding: .utf16BigEndian) ?? String(decoding: bytes, as: UTF8.self)
        } else if let utf8 = String(validating: bytes, as: UTF8.self) {
            text = utf8
        } else {
            text = String(data: Data(bytes), encoding: .isoLatin1) ?? ""
        }
        let id = string("id").flatMap { $0.isEmpty || $0.hasPrefix("%") ? nil : $0 }
        let at = string("ts").flatMap { UnixTime.date($0) }
        return Message(providerID: id, from: from, text: text, at: at)
    }

    /// `%XX` to its byte and `+` to a space, leaving malformed escapes as they are.
    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Two hex digits exactly: UInt8(_:radix:) alone would also take "+1" or "-0".
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
               bytes[(index + 1)...(index + 2)].allSatisfy({ $0.isHexDigit }),
               let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                result.append(value)
                index += 3
            } else {
                result.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return result
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
