import Foundation

/// A WhatsApp template message: the approved template's name, language and parameters.
public struct WhatsAppTemplateCall: Sendable, Equatable, Codable {
    public let name: String
    public let language: String
    public let parameters: [String]

    public init(name: String, language: String, parameters: [String]) {
        self.name = name
        self.language = language
        self.parameters = parameters
    }
}

extension WhatsAppTemplateCall {
    /// A message's calls as the outbox's `whatsapp_template` column keeps them, on both stores:
    /// a JSON array, or NULL for none.
    public static func encodeList(_ calls: [WhatsAppTemplateCall]) -> String? {
        guard !calls.isEmpty, let data = try? JSONEncoder().encode(calls) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The calls in a `whatsapp_template` column. Rows written before messages could carry
    /// several hold one JSON object, and are read as a list of one. Text this version cannot
    /// read gives no calls rather than failing the read: the message still has its text.
    public static func decodeList(_ text: String?) -> [WhatsAppTemplateCall] {
        // Every message without templates is NULL here: those cost nothing to read.
        guard let text, let opening = text.utf8.first(where: { !Self.isJSONWhitespace($0) }) else { return [] }
        let decoder = JSONDecoder()
        switch opening {
        case UInt8(ascii: "["):
            return (try? decoder.decode([WhatsAppTemplateCall].self, from: Data(text.utf8))) ?? []
        case UInt8(ascii: "{"):
            return (try? decoder.decode(WhatsAppTemplateCall.self, from: Data(text.utf8))).map { [$0] } ?? []
        default:
            return []
        }
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
