import PengingatCore

// Phone numbers arrive from spreadsheets, Kannel and WhatsApp: whatever is written, parsing
// either throws a PhoneNumberError or yields an Indonesian mobile number in E.164 that every
// other way of reading it agrees with.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let number: PhoneNumber
    do {
        number = try PhoneNumber(parsing: text)
    } catch {
        // The messages are shown to facilitators for every rejected row: they must render.
        _ = (error.code, error.explanation, error.remedy)
        if error.code.isEmpty { fatalError("empty error code for \(text.debugDescription)") }
        return 0
    }
    let e164 = number.e164
    // The dispatcher and the stores rely on this shape: +62, then 8, then 8 to 11 more digits.
    guard e164.hasPrefix("+628"), (12...15).contains(e164.utf8.count),
          e164.utf8.dropFirst().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
    else { fatalError("not a +628… number: \(e164.debugDescription) from \(text.debugDescription)") }
    // Normalising is idempotent, in every form the number is shown or stored in.
    for form in [e164, number.localForm, number.nationalNumber] {
        guard let again = try? PhoneNumber(parsing: form), again == number else {
            fatalError("\(form.debugDescription) does not re-normalise to \(e164) (from \(text.debugDescription))")
        }
    }
    guard PhoneNumber(e164: e164) == number else { fatalError("init(e164:) refuses its own \(e164)") }
    // The masked form for logs keeps the length and hides the middle.
    let masked = number.masked
    guard masked.count == e164.count, masked.hasPrefix(String(e164.prefix(6))), masked.hasSuffix(String(e164.suffix(3)))
    else { fatalError("masked \(masked.debugDescription) does not match \(e164)") }
    return 0
}
