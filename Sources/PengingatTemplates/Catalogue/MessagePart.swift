import Foundation

/// One item's text inside a message that tells several: its body and, apart, its closing
/// ("Ditunggu.", "Bawa buku KIA."), so the whole message can end with each closing once.
public struct MessagePart: Sendable, Hashable {
    public var body: String
    public var closing: String?

    public init(body: String, closing: String? = nil) {
        self.body = body
        self.closing = closing
    }

    /// The part of a text rendered twice: `whole` as a single message, `body` with the closing
    /// left out. A closing the template does not put at the end cannot be moved, so such a
    /// text stays whole: nothing of it is lost.
    public init(whole: String, body: String) {
        guard whole != body, whole.hasPrefix(body) else {
            self.init(body: whole)
            return
        }
        let closing = whole.dropFirst(body.count).trimmingCharacters(in: .whitespacesAndNewlines)
        self.init(body: body, closing: closing.isEmpty ? nil : closing)
    }

    /// This part as a later part of a message that already greeted its reader: without its
    /// leading `greeting` ("Ibu Ani, "), its next word capitalised. A text that does not start
    /// with the greeting (an operator's own template) is left whole.
    public func continuing(after greeting: String) -> MessagePart {
        guard body.hasPrefix(greeting), body.count > greeting.count else { return self }
        let rest = body.dropFirst(greeting.count)
        // A lowercase ASCII letter (nearly always) is capitalised by byte.
        if let first = rest.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
            var bytes = Array(rest.utf8)
            bytes[0] -= 0x20
            return MessagePart(body: String(decoding: bytes, as: UTF8.self), closing: closing)
        }
        return MessagePart(body: rest.prefix(1).uppercased() + rest.dropFirst(), closing: closing)
    }

    /// One message of `parts`: the bodies line by line, then their closings once each on a last
    /// line of their own, the last part's first: the nearest reads as its own ("Bawa buku KIA."),
    /// and the first part, usually the P2K2 with its farewell ("Ditunggu."), ends the message.
    /// A single part reads as it would alone.
    public static func joined(_ parts: [MessagePart]) -> String {
        var closings: [String] = []
        for closing in parts.reversed().compactMap(\.closing) where !closings.contains(closing) {
            closings.append(closing)
        }
        let bodies = parts.map(\.body).joined(separator: "\n")
        guard !closings.isEmpty else { return bodies }
        return bodies + (parts.count == 1 ? " " : "\n") + closings.joined(separator: " ")
    }
}
