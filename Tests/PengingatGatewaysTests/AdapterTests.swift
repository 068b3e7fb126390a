import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatOutbox
import PengingatTestSupport
import Testing

/// Each adapter against the real sink: the exact request shape its API documents, and how
/// its answers are read.
@Suite("Gateway adapters")
struct AdapterTests {
    static let transport = try! CurlTransport(logger: Logger(label: "test"))
    static let phone = try! PhoneNumber(parsing: "081234567890")

    /// 7 December 2026, 09.00 WIB: the clock WhatsApp's window is measured against.
    static let now = Date(timeIntervalSince1970: 1_796_608_800)

    func message(_ text: String = "Ibu Ani, besok P2K2.", templates: [WhatsAppTemplateCall] = [],
                 lastInbound: Date? = nil) -> GatewayMessage {
        GatewayMessage(id: "plan/KLP-01/2026-12-07/3f9a0c51d2e8b647", phone: Self.phone, text: text,
                       whatsAppTemplates: templates, lastInbound: lastInbound, at: Self.now)
    }

    static let reminder = WhatsAppTemplateCall(name: "pkh_p2k2_pengingat", language: "id", parameters: ["Ani", "Selasa, 8 Desember 2026"])
    static let weighing = WhatsAppTemplateCall(name: "pkh_posyandu", language: "id", parameters: ["Ani", "Rabu, 9 Desember 2026"])

    @Test("WhatsApp text and template messages: path, bearer token, JSON body; the message id is read")
    func whatsApp() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let gateway = WhatsAppGateway(configuration: .init(
                baseURL: sink.url(""), apiVersion: "v20.0", phoneNumberID: "1098765", accessToken: "token-rahasia"),
                transport: Self.transport)
            _ = await gateway.send(message("Ibu Ani, besok P2K2 di Aula.", lastInbound: Self.now.addingTimeInterval(-3600)))
            _ = await gateway.send(message(templates: [Self.reminder]))
            let records = try await sink.records(via: Self.transport)
            #expect(records.count == 2)
            for record in records {
                #expect(record.method == "POST")
                #expect(record.path == "/v20.0/1098765/messages")
                #expect(record.headers["authorization"] == "Bearer token-rahasia")
                #expect(record.headers["content-type"] == "application/json")
            }
            let text = try JSONSerialization.jsonObject(with: Data(records[0].body.utf8)) as? [String: Any]
            #expect(text?["messaging_product"] as? String == "whatsapp")
            #expect(text?["to"] as? String == "6281234567890")
            #expect(text?["type"] as? String == "text")
            #expect((text?["text"] as? [String: Any])?["body"] as? String == "Ibu Ani, besok P2K2 di Aula.")
            let template = try JSONSerialization.jsonObject(with: Data(records[1].body.utf8)) as? [String: Any]
            #expect(template?["type"] as? String == "template")
            let body = template?["template"] as? [String: Any]
            #expect(body?["name"] as? String == "pkh_p2k2_pengingat")
            #expect((body?["language"] as? [String: Any])?["code"] as? String == "id")
            let parameters = ((body?["components"] as? [[String: Any]])?.first?["parameters"] as? [[String: Any]])?
                .compactMap { $0["text"] as? String }
            #expect(parameters == ["Ani", "Selasa, 8 Desember 2026"])
        }
    }

    @Test("WhatsApp's 24-hour window: text inside it, even with templates; outside it one template per item, or not by WhatsApp")
    func whatsAppWindow() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let gateway = WhatsAppGateway(configuration: .init(
                baseURL: sink.url(""), apiVersion: "v20.0", phoneNumberID: "1098765", accessToken: "token-rahasia"),
                transport: Self.transport)
            #expect(gateway.inboundLabel == "whatsapp")
            let merged = "Ibu Ani, besok P2K2 di Aula.\nLusa posyandu Melati."
            // Wrote 23 hours ago: inside; the merged text goes as written.
            let inside = await gateway.send(message(merged, templates: [Self.reminder, Self.weighing],
                                                    lastInbound: Self.now.addingTimeInterval(-23 * 3600)))
            #expect(inside.outcome != .notReachableHere)
            // Wrote 25 hours ago: outside; the two items go as their two templates, in order.
            let outside = await gateway.send(message(merged, templates: [Self.reminder, Self.weighing],
                                                     lastInbound: Self.now.addingTimeInterval(-25 * 3600)))
            #expect(outside.outcome != .notReachableHere)
            // Never wrote, and an item has no template: nothing is sent, the next gateway carries it.
            let refused = await gateway.send(message(merged))
            #expect(refused.outcome == .notReachableHere)
            #expect(refused.error?.contains("24-hour window") == true)
            let records = try await sink.records(via: Self.transport)
            let bodies = try records.map { try JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
            #expect(bodies.map { $0?["type"] as? String } == ["text", "template", "template"])
            #expect((bodies[0]?["text"] as? [String: Any])?["body"] as? String == merged)
            #expect(bodies.dropFirst().map { ($0?["template"] as? [String: Any])?["name"] as? String }
                    == ["pkh_p2k2_pengingat", "pkh_posyandu"])
        }
    }

    @Test("WhatsApp's window is measured on the dispatcher's clock: open for 24 hours after the person wrote, never before")
    func whatsAppWindowRule() {
        let now = Self.now
        #expect(WhatsAppServiceWindow.isOpen(lastInbound: now.addingTimeInterval(-86_399), at: now))
        #expect(!WhatsAppServiceWindow.isOpen(lastInbound: now.addingTimeInterval(-86_400), at: now))
        #expect(!WhatsAppServiceWindow.isOpen(lastInbound: nil, at: now))
        // A message "from the future" (a skewed provider clock) opens nothing.
        #expect(!WhatsAppServiceWindow.isOpen(lastInbound: now.addingTimeInterval(60), at: now))
        #expect(WhatsAppServiceWindow.delivery(lastInbound: nil, at: now, templates: [Self.reminder]) == .templates([Self.reminder]))
        #expect(WhatsAppServiceWindow.delivery(lastInbound: nil, at: now, templates: []) == .notByWhatsApp)
    }

    @Test("WhatsApp answers: the message id, not-a-WhatsApp-number, rate limits and permanent errors",
          arguments: [
            (200, #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.HBgL"}]}"#, GatewayResult.Outcome.accepted(providerID: "wamid.HBgL")),
            (400, #"{"error":{"message":"Message undeliverable","code":131026}}"#, .notReachableHere),
            (400, #"{"error":{"message":"Re-engagement message","code":131047}}"#, .notReachableHere),
            (429, #"{"error":{"message":"Rate limit hit","code":130429}}"#, .retryable(retryAfter: nil)),
            (500, #"{"error":{"message":"Something went wrong","code":131000}}"#, .retryable(retryAfter: nil)),
            (401, #"{"error":{"message":"Invalid OAuth access token","code":190}}"#, .permanent),
            (400, #"{"error":{"message":"Template name does not exist","code":132001}}"#, .permanent),
            (502, "Bad Gateway", .retryable(retryAfter: nil)),
          ])
    func whatsAppAnswers(status: Int, body: String, outcome: GatewayResult.Outcome) {
        let response = HTTPResponse(status: status, headers: [], body: Data(body.utf8), totalTime: 0.1, reusedConnection: false)
        #expect(WhatsAppGateway.classify(response).outcome == outcome)
    }

    @Test("Twilio: form POST to the account's Messages.json with basic auth and a status callback")
    func twilio() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let gateway = TwilioGateway(configuration: .init(
                baseURL: sink.url(""), accountSID: "AC123", authToken: "auth-rahasia", from: "+15005550006",
                statusCallbackURL: "https://pengingat.example.id/callbacks/twilio", callbackSecret: "s3cret"),
                transport: Self.transport)
            let result = await gateway.send(message("Ibu Ani & Bu Euis, besok P2K2."))
            #expect(result.httpStatus == 200)
            let record = try #require(try await sink.records(via: Self.transport).first)
            #expect(record.method == "POST")
            #expect(record.path == "/2010-04-01/Accounts/AC123/Messages.json")
            #expect(record.headers["authorization"] == "Basic " + Data("AC123:auth-rahasia".utf8).base64EncodedString())
            #expect(record.headers["content-type"] == "application/x-www-form-urlencoded")
            let form = Dictionary(uniqueKeysWithValues: record.body.split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            })
            #expect(form["To"] == "+6281234567890")
            #expect(form["From"] == "+15005550006")
            #expect(form["Body"] == "Ibu Ani & Bu Euis, besok P2K2.")
            #expect(form["StatusCallback"] == "https://pengingat.example.id/callbacks/twilio?key=plan%2FKLP-01%2F2026-12-07%2F3f9a0c51d2e8b647&secret=s3cret")
        }
        let invalid = HTTPResponse(status: 400, headers: [], body: Data(#"{"code":21211,"message":"Invalid 'To'"}"#.utf8),
                                   totalTime: 0, reusedConnection: false)
        #expect(TwilioGateway.classify(invalid).outcome == .permanent)
        let accepted = HTTPResponse(status: 201, headers: [], body: Data(#"{"sid":"SM42","status":"queued"}"#.utf8),
                                    totalTime: 0, reusedConnection: false)
        #expect(TwilioGateway.classify(accepted).outcome == .accepted(providerID: "SM42"))
    }

    @Test("Kannel: GSM text as coding 0, other text as UCS-2 in UTF-8, reports to our URL with key and secret")
    func kannelURL() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let gateway = KannelGateway(configuration: .init(
                sendsmsURL: sink.url("/cgi-bin/sendsms"), username: "pengingat", password: "p@ss", from: "PKH",
                reportURL: "http://127.0.0.1:8686/dlr/kannel", reportSecret: "s3cret"), transport: Self.transport)
            _ = await gateway.send(message("Ibu Ani, besok P2K2 [Aula] €5."))
            _ = await gateway.send(message("Semangat Bu 💪"))
            let records = try await sink.records(via: Self.transport)
            #expect(records.map(\.method) == ["GET", "GET"])
            #expect(records[0].params["text"] == "Ibu Ani, besok P2K2 [Aula] €5.")
            #expect(records[0].params["coding"] == "0")
            #expect(records[0].params["charset"] == nil)
            #expect(records[0].params["to"] == "+6281234567890")
            #expect(records[0].params["password"] == "p@ss")
            #expect(records[0].params["dlr-mask"] == "31")
            #expect(records[0].params["dlr-url"]
                == "http://127.0.0.1:8686/dlr/kannel?key=plan%2FKLP-01%2F2026-12-07%2F3f9a0c51d2e8b647&secret=s3cret&type=%d&ts=%T")
            #expect(records[1].params["coding"] == "2")
            #expect(records[1].params["charset"] == "UTF-8")
            #expect(records[1].params["text"] == "Semangat Bu 💪")
        }
    }

    @Test("Kannel answers: 202 accepted, 503 retried, 400 and 403 permanent", arguments: [
        (202, GatewayResult.Outcome.accepted(providerID: nil)), (503, .retryable(retryAfter: nil)), (400, .permanent), (403, .permanent),
    ])
    func kannelAnswers(status: Int, outcome: GatewayResult.Outcome) {
        let response = HTTPResponse(status: status, headers: [], body: Data("0: Accepted for delivery".utf8), totalTime: 0,
                                    reusedConnection: false)
        #expect(KannelGateway.classify(response).outcome == outcome)
    }

    @Test("a generic aggregator from configuration alone: templates, idempotency header, success rule, message id")
    func genericHTTP() async throws {
        try await withServer(try TestServer.sink()) { sink in
            let good = HTTPGateway(configuration: .init(
                method: .post, url: sink.url("/send?status=200&body=%7B%22status%22%3A%22ok%22%2C%22data%22%3A%7B%22message_id%22%3A%22ag-77%22%7D%7D"),
                headers: [("Idempotency-Key", "{{id}}"), ("Content-Type", "application/json")],
                body: #"{"to":"{{to_digits}}","local":"{{to_local}}","message":"{{text|json}}"}"#,
                successField: "status", successValue: "ok", messageIDField: "data.message_id"), transport: Self.transport)
            let result = await good.send(message(#"Ibu "Ani", besok P2K2\baris"#))
            #expect(result.outcome == .accepted(providerID: "ag-77"))
            let record = try #require(try await sink.records(via: Self.transport).first)
            #expect(record.headers["idempotency-key"] == "plan/KLP-01/2026-12-07/3f9a0c51d2e8b647")
            let body = try JSONSerialization.jsonObject(with: Data(record.body.utf8)) as? [String: String]
            #expect(body == ["to": "6281234567890", "local": "081234567890", "message": #"Ibu "Ani", besok P2K2\baris"#])

            let refused = HTTPGateway(configuration: .init(
                url: sink.url("/send?status=200&body=%7B%22status%22%3A%22error%22%7D"), successField: "status", successValue: "ok"),
                transport: Self.transport)
            #expect(await refused.send(message()).outcome == .permanent)
            let busy = HTTPGateway(configuration: .init(url: sink.url("/send?fail=429&retry_after=7")), transport: Self.transport)
            #expect(await busy.send(message()).outcome == .retryable(retryAfter: 7))
        }
    }

    @Test("e-mail through SMTP arrives with its subject and UTF-8 body")
    func smtp() async throws {
        let output = NSTemporaryDirectory() + "pengingat-mail-\(UUID().uuidString).jsonl"
        try await withServer(try TestServer.smtp(output: output)) { server in
            let gateway = SMTPGateway(configuration: .init(url: "smtp://127.0.0.1:\(server.port)", from: "pengingat@example.id",
                                                           startTLS: false), transport: Self.transport)
            let result = await gateway.send(GatewayMessage(
                id: "digest/F1/2026-12-07", phone: Self.phone, text: "Ringkasan Senin, 7 Desember 2026\n- Kelompok Sauyunan",
                email: ("rina@example.id", "Ringkasan harian — 7 Desember")))
            #expect(result.outcome == .accepted(providerID: nil))
            // The SMTP sink writes the mail once the session has ended.
            var text = ""
            try await waitUntil {
                text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                return !text.isEmpty
            }
            #expect(text.contains("rina@example.id"))
            #expect(text.contains("=?UTF-8?B?"))
            #expect(text.contains("Kelompok Sauyunan"))
        }
    }
}
