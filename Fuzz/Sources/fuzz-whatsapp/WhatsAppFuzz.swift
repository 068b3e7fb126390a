import Foundation
import FuzzChecks
import PengingatCore
import PengingatGateways

// WhatsApp's webhook body is JSON from Meta, but the parsers run before anyone knows that (and a
// leaked app secret lets anyone sign one): any bytes must be read without crashing, and what is
// read must be usable by the reply service and the stores.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: start, count: count))
    // The route refuses a body that is not the webhook's JSON (nil); statuses and messages are
    // read from the same `entry[].changes[].value`.
    let notification = WhatsAppNotification(body, receivedAt: Date(timeIntervalSince1970: 0))
    let statuses = notification?.statuses
    let messages = notification?.messages
    let context = { String(decoding: body.prefix(300), as: UTF8.self).debugDescription }
    for status in statuses ?? [] {
        checkTime(status.at, context())
        guard !status.detail.isEmpty else { fatalError("status without detail from \(context())") }
    }
    for message in messages ?? [] {
        checkTime(message.at, context())
        // As the route does: WhatsApp writes the sender without the plus.
        let from = message.from.hasPrefix("+") ? message.from : "+" + message.from
        if let phone = try? PhoneNumber(parsing: from), !phone.e164.hasPrefix("+628") {
            fatalError("sender \(phone) is not an Indonesian mobile from \(context())")
        }
        _ = ReplyKeywords.intent(of: message.text)
    }
    // The signature check sees the same bytes first; a wrong signature never passes.
    if WhatsAppNotification.verifySignature(body: body, header: "sha256=00", appSecret: "rahasia") {
        fatalError("a forged signature passed")
    }
    return 0
}
