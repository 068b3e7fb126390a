import PengingatCore

/// A message that reads the same for every household of a group but for its greeting: a P2K2
/// reminder is "{{sapaan}} {{nama}}, " and then the meeting's day, time and place. The rest is
/// rendered, checked and tidied once per group, reminder and language (`TemplateCatalogue.greetedBody`),
/// and each household's text is its greeting in front of it (`TemplateCatalogue.text(_:greeting:)`):
/// two thirds of the items of a month are such reminders.
public struct GreetedBody: Sendable {
    /// The tidied text after the greeting's ", ".
    let rest: String
    /// `rest` as an SMS carries it (typography mapped when the catalogue's settings say so),
    /// and its size.
    let smsRest: String
    let smsRestSize: SMSSize
}

/// One household's text of a `GreetedBody`, as `TemplateCatalogue.text` renders it and as an SMS
/// carries it, measured.
public struct GreetedText: Sendable {
    public let text: String
    public let smsText: String
    public let smsSize: SMSSize
}

/// A household's greeting as the start of a text, "Ibu Siti Aminah, ", when putting it in
/// front of a tidied rest gives exactly what rendering and tidying the whole would.
public struct GreetingPrefix: Sendable {
    let text: String
    /// With typography mapped for SMS, and its size.
    let smsText: String
    let smsSize: SMSSize

    /// Nil when a value is empty or not already tidy (a stray space, a line break): such a
    /// greeting goes through the whole render, where tidying sorts it out.
    public init?(_ greeting: TemplateValues) {
        guard case .text(let salutation)? = greeting["sapaan"], case .text(let name)? = greeting["nama"],
              Self.isTidyWord(salutation), Self.isTidyWord(name)
        else { return nil }
        text = salutation + " " + name + ", "
        smsText = SMSText.mappingTypography(text)
        smsSize = SMSSize(measuring: smsText)
    }

    /// Non-empty, one line, no leading, trailing or doubled space, no space before punctuation:
    /// what `TemplateCatalogue.tidy` leaves unchanged inside a line.
    static func isTidyWord(_ text: String) -> Bool {
        var previous: UInt8?
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): return false
            case UInt8(ascii: " "): if previous == nil || previous == UInt8(ascii: " ") { return false }
            default: if previous == UInt8(ascii: " "), TemplateCatalogue.noSpaceBefore(byte) { return false }
            }
            previous = byte
        }
        return previous != nil && previous != UInt8(ascii: " ")
    }
}

extension TemplateCatalogue {
    /// The template of `kind` without its leading greeting, rendered with `values` (which hold
    /// everything but `sapaan` and `nama`) and tidied; nil when the template does not start with
    /// "{{sapaan}} {{nama}}, " (an operator's own wording) or the rest would not stand on its own.
    /// Throws as `text` does when the values do not fit the kind.
    public func greetedBody(
        _ kind: MessageKind, language: Household.Language, values: TemplateValues
    ) throws(TemplateRenderError) -> GreetedBody? {
        guard let entry = entry(for: kind, language: language), let compiled = entry.compiled,
              compiled.parts.count >= 4,
              compiled.parts[0] == .value("sapaan"), compiled.parts[1] == .text(" "), compiled.parts[2] == .value("nama"),
              case .text(let afterName) = compiled.parts[3], afterName.hasPrefix(", ")
        else { return nil }
        try Self.validate(values, greeting: ["sapaan": "Ibu", "nama": "Ani"], against: entry.variables, kind: kind)
        let rest = CompiledTemplate(parts: [.text(String(afterName.dropFirst(2)))] + compiled.parts.dropFirst(4))
        guard !rest.mentions("sapaan"), !rest.mentions("nama") else { return nil }
        let raw = rest.render(values)
        // Tidying the whole would join or drop what starts the rest (a line break, punctuation):
        // leave such a text to it.
        // An ASCII start also keeps the greeting's last character and the rest's first apart
        // as characters, so mapping typography and measuring may take them one at a time.
        guard let start = raw.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }),
              start < 0x80, start != UInt8(ascii: "\n"), !Self.noSpaceBefore(start)
        else { return nil }
        let text = Self.tidy(raw)
        let smsText = settings.mapTypography ? SMSText.mappingTypography(text) : text
        return GreetedBody(rest: text, smsRest: smsText, smsRestSize: SMSSize(measuring: smsText))
    }

    /// `body` told to one household: what `text` renders for the body's values with `greeting`,
    /// what an SMS carries and its size, the rest's part of each worked out once.
    public func text(_ body: GreetedBody, greeting: GreetingPrefix) -> GreetedText {
        let text = greeting.text + body.rest
        guard settings.mapTypography else { return GreetedText(text: text, smsText: text, smsSize: SMSSize(measuring: text)) }
        let smsText = greeting.smsText + body.smsRest
        return GreetedText(
            text: text, smsText: smsText,
            smsSize: SMSSize.joined(greeting.smsSize, body.smsRestSize) ?? SMSSize(measuring: smsText))
    }
}
