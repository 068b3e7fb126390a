import PengingatCore

/// A configured aggregator's URL, header value or body with `{{name}}` or `{{name|filter}}`
/// placeholders, parsed once and filled for every message.
///
/// Names: `to` (+62…), `to_local` (08…), `to_digits` (62…), `text`, `id`. Filters: `url`
/// (percent-encoded for a query or form body), `json` (escaped inside a JSON string). An
/// unknown name fills as nothing; an unclosed `{{` stays as written.
struct GatewayTemplate: Sendable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case value(Name, Filter)
    }

    enum Name: String, Sendable {
        case to, toLocal = "to_local", toDigits = "to_digits", text, id
    }

    enum Filter: String, Sendable {
        case none = "", url, json
    }

    let parts: [Part]

    init(_ template: String) {
        var parts: [Part] = []
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                parts.append(.literal(String(rest[open.lowerBound...])))
                rest = rest[rest.endIndex...]
                break
            }
            let tag = rest[open.upperBound..<close.lowerBound].split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingWhitespace() }
            if let name = Name(rawValue: tag.first ?? "") {
                parts.append(.value(name, Filter(rawValue: tag.count > 1 ? tag[1] : "") ?? .none))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    func filled(with message: GatewayMessage) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text):
                result += text
            case .value(let name, let filter):
                let value = switch name {
                case .to: message.phone.e164
                case .toLocal: message.phone.localForm
                case .toDigits: String(message.phone.e164.dropFirst())
                case .text: message.text
                case .id: message.id
                }
                switch filter {
                case .none: result += value
                case .url: result += URLQuery.encode(value)
                case .json: result += Self.jsonEscaped(value)
                }
            }
        }
        return result
    }

    /// The inside of a JSON string: quote, backslash and control characters escaped, the rest
    /// (slashes, non-ASCII) as it is.
    static func jsonEscaped(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
