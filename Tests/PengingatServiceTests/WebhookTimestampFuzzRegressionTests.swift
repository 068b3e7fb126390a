import Foundation
import PengingatGateways
import PengingatService
import Testing

/// Inputs the fuzzer (`scripts/fuzz.sh`, target fuzz-kannel) found; the crashing query is also in
/// Fuzz/Corpus/fuzz-kannel/ so later fuzzing starts from it.
///
/// A gateway's `ts`/`timestamp` was taken as any number Double reads: `ts=1796180400234567893`,
/// `1e300`, `inf` or `nan` became a date that the stores (whole seconds) and the reply service
/// (whole milliseconds in a reply's id, when the gateway gives no message id) turn into an
/// integer, which stops the process serving the webhook. Such a time now counts as missing.
@Suite("Webhook timestamps: fuzz regressions")
struct WebhookTimestampFuzzRegressionTests {
    static let unusable = ["1796180400234567893", "1e300", "-1e300", "inf", "-inf", "nan", "-1", "253402300800"]

    @Test("an unusable Kannel MO time is no time", arguments: WebhookTimestampFuzzRegressionTests.unusable)
    func kannelIncoming(ts: String) throws {
        let message = try #require(KannelInbound.parse(query: "from=081234567891&text=HADIR&ts=\(ts)"))
        #expect(message.at == nil)
        #expect(message.text == "HADIR")
    }

    @Test("the query the fuzzer found (its non-UTF-8 tail cut) reads without a time")
    func foundQuery() throws {
        let query = "secrzt=rahasia&from=%2B6281234567F91&text=berhenti.&coding=0&ISO-8859-1&id=k-1&ts=1796180400234567893"
        let message = try #require(KannelInbound.parse(query: query))
        #expect(message.at == nil)
        #expect(message.providerID == "k-1")
    }

    @Test("usable times still read", arguments: [("1796180400", 1_796_180_400.0), ("0", 0.0), ("1796180400.5", 1_796_180_400.5)])
    func usable(ts: String, seconds: Double) {
        #expect(UnixTime.date(ts) == Date(timeIntervalSince1970: seconds))
        #expect(KannelInbound.parse(query: "from=0812&text=x&ts=\(ts)")?.at == Date(timeIntervalSince1970: seconds))
    }

    @Test("unusable times are nil", arguments: WebhookTimestampFuzzRegressionTests.unusable + ["", "%T", "abc"])
    func unusableTimes(ts: String) {
        #expect(UnixTime.date(ts) == nil)
    }

    @Test("WhatsApp messages and statuses with an unusable timestamp keep a usable time",
          arguments: WebhookTimestampFuzzRegressionTests.unusable)
    func whatsApp(timestamp: String) throws {
        let body = Data("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
            "messages":[{"from":"6281234567892","timestamp":"\(timestamp)","type":"text","text":{"body":"Jadwal"}}],
            "statuses":[{"id":"wamid.ABC","status":"delivered","timestamp":"\(timestamp)"}]}}]}]}
            """.utf8)
        let arrival = Date(timeIntervalSince1970: 1_796_695_200)
        let notification = try #require(WhatsAppNotification(body, receivedAt: arrival))
        let messages = notification.messages
        #expect(messages.count == 1 && messages.first?.at == nil)
        let statuses = notification.statuses
        // The time of arrival, on the webhook's injected clock, stands in.
        #expect(statuses.first?.at == arrival)
    }
}
