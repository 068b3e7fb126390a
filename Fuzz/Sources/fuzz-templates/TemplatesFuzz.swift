import Foundation
import PengingatCore
import PengingatTemplates

// Names, places and topics come from roster files and facilitators: rendered into the real
// catalogue they must come out as plain text, never as template syntax, HTML escapes or a crash,
// and the message must still be tidy and measurable as SMS.

/// The shipped catalogue (`Templates/` at the repository root), loaded once per process.
/// `PENGINGAT_TEMPLATES` points elsewhere; by default it is found from this file's location.
private let catalogue: TemplateCatalogue = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let directory = ProcessInfo.processInfo.environment["PENGINGAT_TEMPLATES"]
        ?? root.appendingPathComponent("Templates").path
    do {
        return try TemplateCatalogue.load(settings: TemplateSettings(directory: directory))
    } catch {
        fatalError("cannot load the templates from \(directory): \(error)")
    }
}()

/// Every text value replaced by `hostile`, flags kept, lists kept in shape.
private func replacingText(_ values: TemplateValues, with hostile: String) -> TemplateValues {
    var result = values
    for (name, value) in values.storage {
        switch value {
        case .text: result[name] = .text(hostile)
        case .flag: break
        case .list(let items): result[name] = .list(items.map { replacingText($0, with: hostile) })
        }
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    // The first byte picks the kind and the reader's language; the rest is the hostile text.
    let kinds = MessageKind.allCases
    let languages = Household.Language.allCases
    let kind = kinds[Int(start[0]) % kinds.count]
    let language = languages[(Int(start[0]) / kinds.count) % languages.count]
    let hostile = String(decoding: UnsafeBufferPointer(start: start + 1, count: count - 1), as: UTF8.self)

    let values = replacingText(kind.sampleValues(language: language), with: hostile)
    let message: RenderedMessage
    do {
        message = try catalogue.render(kind, language: language, values: values)
    } catch {
        fatalError("\(kind.rawValue)/\(language.rawValue): sample values no longer render: \(error)")
    }
    let text = message.text
    let context = "\(kind.rawValue)/\(language.rawValue) with \(hostile.debugDescription)"

    // The templates' own text has no braces and no ampersands: any in the output came from the
    // value, so a value without them must not produce them (no re-parsing, no HTML escaping).
    if !hostile.contains("{") && !hostile.contains("}") && (text.contains("{") || text.contains("}")) {
        fatalError("template syntax appeared in \(context): \(text.debugDescription)")
    }
    if !hostile.contains("&") && text.contains("&") {
        fatalError("HTML escaping in a text message, \(context): \(text.debugDescription)")
    }
    // Tidying holds whatever the values are.
    if text.contains("  ") || text.contains(" \n") || text.contains("\n\n\n") || text.hasSuffix("\n") {
        fatalError("untidy output for \(context): \(text.debugDescription)")
    }
    if text.isEmpty { fatalError("empty message for \(context)") }

    // The SMS measure is consistent: a message is at least one part, and the parts hold the units.
    let size = message.smsSize
    guard size == SMSSize(measuring: message.smsText) else { fatalError("smsSize is stale for \(context)") }
    guard size.segments >= 1, size.units >= 1, size.units >= message.smsText.count else {
        fatalError("impossible SMS size \(size) for \(context)")
    }
    let fits = size.segments == 1
        ? size.units <= size.encoding.singleCapacity
        : size.units <= size.segments * size.encoding.partCapacity && size.units > size.encoding.singleCapacity
    guard fits else { fatalError("\(size) does not add up for \(context)") }
    if size.encoding == .gsm7, !size.nonGSMCharacters.isEmpty { fatalError("GSM-7 with non-GSM characters, \(context)") }
    return 0
}
