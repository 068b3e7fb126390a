import Foundation
import FuzzChecks
import PengingatCore
import PengingatGateways

// Kannel calls our webhooks with query strings it builds from whatever the handset sent: the
// incoming-message (MO) and delivery-report (DLR) readers must take any of them without
// crashing, and what they hand on (a sender, a text, a state, a time) must be usable by the reply
// service and the stores. (The route reads the DLR's query as a form, as here.)

/// `%XX` for every byte but letters and digits: the strictest way Kannel may encode a value.
private func percentEncoded(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
        if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            result.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            let hex = String(byte, radix: 16, uppercase: true)
            result += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let query = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)

    // Incoming message (`/webhooks/kannel/mo`).
    if let message = KannelInbound.parse(query: query) {
        guard !message.from.isEmpty else { fatalError("empty sender from \(query.debugDescription)") }
        if let id = message.providerID, id.isEmpty || id.hasPrefix("%") {
            fatalError("unsubstituted id \(id.debugDescription) from \(query.debugDescription)")
        }
        checkTime(message.at, query.debugDescription)
        // The route then reads the sender as a phone number and the text as a reply.
        if let phone = try? PhoneNumber(parsing: message.from), !phone.e164.hasPrefix("+628") {
            fatalError("sender \(phone) is not an Indonesian mobile from \(query.debugDescription)")
        }
        _ = ReplyKeywords.intent(of: message.text)
        // What was read survives being written again, percent-encoded, as UTF-8.
        let again = KannelInbound.parse(
            query: "from=\(percentEncoded(message.from))&text=\(percentEncoded(message.text))&coding=0")
        guard again?.from == message.from, again?.text == message.text else {
            fatalError("re-encoded message reads differently: \(String(describing: again)) vs \(message) from \(query.debugDescription)")
        }
    }

    // Delivery report (`/webhooks/kannel/dlr`): the type is a bit mask; every value has one reading.
    let fields = Dictionary(FormEncoding.pairs(query), uniquingKeysWith: { first, _ in first })
    if let type = fields["type"].flatMap({ Int($0) }) {
        let state = KannelReportStatus.state(type: type)
        if type & 1 != 0, state != .delivered { fatalError("type \(type) with bit 1 is not delivered") }
        if type & (1 | 2 | 4 | 8 | 16) == 0, state != nil { fatalError("type \(type) without known bits means \(String(describing: state))") }
    }
    if let ts = fields["ts"] { checkTime(UnixTime.date(ts), query.debugDescription) }
    return 0
}
