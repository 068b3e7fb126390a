import Foundation

/// Turns each gateway's way of handing over an incoming message into one shape.
public enum InboundMessageParsing {
    public struct Message: Sendable, Equatable {
        public let providerID: String?
        /// As the gateway wrote it: "+6281…", "6281…" or "081…".
        public let from: String
        public let text: String
        public let at: Date?
    }

    /// Kannel's `sms-service` get-url, configured as
    /// `…/mo/kannel?secret=…&from=%p&text=%b&coding=%c&charset=%C&id=%I&ts=%T`. `%b` is the
    /// message's raw bytes, percent-encoded: they are read by the coding Kannel names (UCS-2
    /// as UTF-16BE; otherwise UTF-8 when valid, else Latin-1, which is what Kannel turns GSM
    /// text into). Nil when `from` or `text` is missing.
    public static func kannel(query: String) -> Message? {
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
        let at = string("ts").flatMap { DeliveryReportParsing.unixTime($0) }
        return Message(providerID: id, from: from, text: text, at: at)
    }

    /// The messages in a WhatsApp webhook body (`entry[].changes[].value.messages[]`): text,
    /// the text of a quick-reply button, or the title of an interactive reply; other kinds
    /// (a photo, a voice note) as "[image]", "[audio]"… so the facilitator knows something came.
    /// Nil when the body is not the webhook's JSON at all.
    public static func whatsApp(_ body: Data) -> [Message]? {
        guard let values = DeliveryReportParsing.whatsAppChangeValues(body) else { return nil }
        var messages: [Message] = []
        for value in values {
            for message in value["messages"] as? [[String: Any]] ?? [] {
                guard let from = message["from"] as? String, let type = message["type"] as? String else { continue }
                let text: String = switch type {
                case "text": (message["text"] as? [String: Any])?["body"] as? String ?? ""
                case "button": (message["button"] as? [String: Any])?["text"] as? String ?? ""
                case "interactive": Self.interactiveTitle(message["interactive"] as? [String: Any]) ?? "[interactive]"
                default: "[\(type)]"
                }
                let at = (message["timestamp"] as? String).flatMap { DeliveryReportParsing.unixTime($0) }
                messages.append(Message(providerID: message["id"] as? String, from: from, text: text, at: at))
            }
        }
        return messages
    }

    private static func interactiveTitle(_ interactive: [String: Any]?) -> String? {
        for key in ["button_reply", "list_reply"] {
            if let title = (interactive?[key] as? [String: Any])?["title"] as? String { return title }
        }
        return nil
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
