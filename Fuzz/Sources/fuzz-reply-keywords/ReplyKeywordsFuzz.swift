import PengingatCore

// Replies are typed by anyone who has the number: reading one must never crash, and what it
// means must not depend on line breaks around it or survive a round trip through the store badly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let intent = ReplyKeywords.intent(of: text)
    // Stored as code and reason, read back by the reply list and the digest.
    guard ReplyIntent(code: intent.code, reason: intent.reason) == intent else {
        fatalError("intent \(intent) does not survive its stored form (from \(text.debugDescription))")
    }
    if let reason = intent.reason {
        guard !reason.isEmpty, reason.count <= 300 else {
            fatalError("reason \(reason.debugDescription) is empty or too long (from \(text.debugDescription))")
        }
    }
    _ = intent.indonesianMeaning
    // Gateways differ in whether they keep a trailing or leading line break; the meaning must not.
    // (A line break, unlike a space, never joins a following combining mark into one character.)
    let padded = ReplyKeywords.intent(of: "\n" + text + "\n")
    guard padded == intent else {
        fatalError("\(text.debugDescription) reads as \(intent) alone but \(padded) between line breaks")
    }
    return 0
}
