/// Text made safe for the XML parts a writer produces.
enum SpreadsheetXML {
    /// The same text as element content or an attribute value: markup characters as entities,
    /// and characters XML 1.0 cannot carry at all (control characters, U+FFFE, U+FFFF) dropped,
    /// since one of them makes Excel refuse the whole workbook.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // A parser turns a literal carriage return (and CR LF) into a line feed; a reference survives.
            case "\r": result += "&#13;"
            // In an attribute a literal tab or line feed would be read back as a space.
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            default:
                if isAllowed(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// XML 1.0's `Char`: tab, line feed, carriage return, then U+0020 on, without U+FFFE and
    /// U+FFFF (a Swift scalar is never a surrogate).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD: true
        case 0x10000...: true
        default: false
        }
    }
}
