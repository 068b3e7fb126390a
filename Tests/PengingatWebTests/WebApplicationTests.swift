import Crypto
import Foundation
import Logging
import Hummingbird
import HummingbirdTesting
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatWeb
import Testing
import Yams

@Suite("Web pages, API, accounts and webhooks")
struct WebApplicationTests {
    @Test("signing in: the form's token must match its cookie, wrong passwords fail, the session cookie is HttpOnly and SameSite")
    func signingIn() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let anonymous = try await client.get("/")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/masuk")

            let jar = CookieJar()
            _ = try await client.get("/masuk", jar: jar)
            let token = try #require(await jar.value("pengingat_csrf"))
            let forged = try await client.post("/masuk", form: [("_csrf", "lain"), ("nama", "siti"), ("sandi", WebFixture.passwords["siti"]!)],
                                               jar: jar)
            #expect(forged.status == .forbidden)
            let wrong = try await client.post("/masuk", form: [("_csrf", token), ("nama", "siti"), ("sandi", "salah-sandi")], jar: CookieJar())
            #expect(wrong.status == .forbidden) // a fresh jar has no login cookie either
            _ = try await client.get("/masuk", jar: jar)
            let again = try #require(await jar.value("pengingat_csrf"))
            let bad = try await client.post("/masuk", form: [("_csrf", again), ("nama", "siti"), ("sandi", "salah-sandi")], jar: jar)
            #expect(bad.status == .unauthorized)
            #expect(String(buffer: bad.body).contains("WEB12"))

            _ = try await client.get("/masuk", jar: jar)
            let good = try await client.post("/masuk", form: [
                ("_csrf", try #require(await jar.value("pengingat_csrf"))), ("nama", "SITI"), ("sandi", WebFixture.passwords["siti"]!),
            ], jar: jar)
            #expect(good.status == .seeOther)
            let cookie = try #require(good.headers[values: .setCookie].first { $0.hasPrefix("pengingat_sesi=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            let home = try await client.get("/", jar: jar)
            #expect(home.status == .ok)
            #expect(String(buffer: home.body).contains("Dedi Kurniawan"))
        }
    }

    @Test("the first admin: a given password is used and never handed back to print; otherwise a random one, once")
    func firstAdmin() async throws {
        let given = AccountService(store: try SQLiteStore.inMemory(), cost: 4)
        #expect(try await given.ensureFirstAdmin(password: "dari-lingkungan-8W", now: WebFixture.now) == .madeWithGivenPassword)
        #expect(try await given.authenticate(login: "admin", password: "dari-lingkungan-8W") != nil)
        #expect(try await given.ensureFirstAdmin(password: "dari-lingkungan-8W", now: WebFixture.now) == .existed)

        let random = AccountService(store: try SQLiteStore.inMemory(), cost: 4)
        guard case .madeWithRandomPassword(let password) = try await random.ensureFirstAdmin(password: "", now: WebFixture.now) else {
            Issue.record("an empty password from the environment should make a random one")
            return
        }
        #expect(password.count >= 12)
        #expect(try await random.authenticate(login: "admin", password: password) != nil)
    }

    @Test("behind TLS the session cookie is Secure")
    func secureCookie() async throws {
        let fixture = try await WebFixture.make(secureCookies: true)
        try await fixture.test { client in
            let jar = CookieJar()
            _ = try await client.get("/masuk", jar: jar)
            let response = try await client.post("/masuk", form: [
                ("_csrf", try #require(await jar.value("pengingat_csrf"))), ("nama", "budi"), ("sandi", WebFixture.passwords["budi"]!),
            ], jar: jar)
            #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("pengingat_sesi=") && $0.contains("; Secure") })
        }
    }

    @Test("after five failed logins even the right password is refused for a while (429 with Retry-After)")
    func loginRateLimit() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            for _ in 0..<5 {
                var refused = false
                do { _ = try await client.signIn("budi", password: "tebakan-salah") } catch is SignInFailed { refused = true }
                #expect(refused)
            }
            let jar = CookieJar()
            _ = try await client.get("/masuk", jar: jar)
            let response = try await client.post("/masuk", form: [
                ("_csrf", try #require(await jar.value("pengingat_csrf"))), ("nama", "budi"), ("sandi", WebFixture.passwords["budi"]!),
            ], jar: jar)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] != nil)
            #expect(String(buffer: response.body).contains("WEB11"))
            // Another account from the same address is not locked out by budi's failures.
            _ = try await client.signIn("siti")
        }
    }

    @Test("the Beranda warns when the pages' planning reaches a provisional holiday year, and only then")
    func holidayYearWarning() async throws {
        // 8 December 2026 + 30 days reaches 2027, whose holidays are estimates.
        let into2027 = try await WebFixture.make(planDays: 30)
        try await into2027.test { client in
            let jar = try await client.signIn("siti")
            let page = String(buffer: try await client.get("/", jar: jar).body)
            #expect(page.contains("Peringatan [HL01]: hari libur tahun 2027"))
        }
        let thisYear = try await WebFixture.make()
        try await thisYear.test { client in
            let jar = try await client.signIn("siti")
            #expect(!String(buffer: try await client.get("/", jar: jar).body).contains("[HL01]"))
        }
    }

    @Test("every page answers a signed-in facilitator in Bahasa Indonesia")
    func everyPage() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let pages: [(String, String)] = [
                ("/", "Hari ini dan 7 hari ke depan"), ("/kelompok", "Kelompok Sauyunan"), ("/kelompok/KLP-01", "Kehadiran"),
                ("/kpm/KPM-0001", "Anggota keluarga"), ("/kirim", "Kepada"), ("/log", "Log pengiriman"), ("/balasan", "Balasan KPM"),
            ]
            for (uri, text) in pages {
                let response = try await client.get(uri, jar: jar)
                #expect(response.status == .ok, "\(uri)")
                #expect(String(buffer: response.body).contains(text), "\(uri)")
                #expect(response.headers[.init("Content-Security-Policy")!] != nil)
            }
            let script = try await client.get("/aset/pengingat.js")
            #expect(String(buffer: script.body).contains("form-siaran"))
        }
    }

    @Test("a facilitator asking for another facilitator's household or group gets 404, in the pages and in the API")
    func accessRules() async throws {
        let fixture = try await WebFixture.make()
        let budiToken = try await fixture.accounts.issueToken(for: "budi", label: "test", now: WebFixture.now)
        let sitiToken = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        try await fixture.test { client in
            let budi = try await client.signIn("budi")
            #expect(try await client.get("/kpm/KPM-0001", jar: budi).status == .notFound)
            #expect(try await client.get("/kelompok/KLP-01", jar: budi).status == .notFound)
            #expect(try await client.json("/api/v1/households/KPM-0001", token: budiToken).status == .notFound)
            #expect(try await client.json("/api/v1/groups/KLP-01", token: budiToken).status == .notFound)
            let cancel = try await client.json("/api/v1/meetings/KLP-01/2027-01/cancel", method: .post, token: budiToken)
            #expect(cancel.status == .notFound)
            let groups = String(buffer: try await client.json("/api/v1/groups", token: budiToken).body)
            #expect(!groups.contains("KLP-01\""))
            // The same household is there for its own facilitator.
            #expect(try await client.json("/api/v1/households/KPM-0001", token: sitiToken).status == .ok)
            #expect(try await client.get("/kpm/KPM-0001", jar: try await client.signIn("siti")).status == .ok)
            // The log as budi sees it holds none of KLP-01's messages.
            let log = String(buffer: try await client.json("/api/v1/log?group=KLP-01", token: budiToken).body)
            #expect(log == #"{"lines":[]}"#)
        }
        let meetings = try await fixture.store.meetingChanges(groupID: "KLP-01")
        #expect(meetings.isEmpty)
    }

    @Test("forms without this session's CSRF token are refused; with it, attendance is recorded and motivation planned")
    func csrfAndAttendance() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let fields = [("status_KPM-0001", "tidak_hadir"), ("status_KPM-0002", "izin"), ("alasan_KPM-0002", "anak sakit")]
            let missing = try await client.post("/pertemuan/KLP-01/2026-12/kehadiran", form: fields, jar: jar)
            #expect(missing.status == .forbidden)
            #expect(String(buffer: missing.body).contains("WEB07"))
            let wrong = try await client.post("/pertemuan/KLP-01/2026-12/kehadiran", form: [("_csrf", "tebakan")] + fields, jar: jar)
            #expect(wrong.status == .forbidden)
            #expect(try await fixture.store.attendance(meetingID: "KLP-01/2026-12").isEmpty)

            let token = try await client.csrf(on: "/kelompok/KLP-01", jar: jar)
            let saved = try await client.post("/pertemuan/KLP-01/2026-12/kehadiran", form: [("_csrf", token)] + fields, jar: jar)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.contains("absen=1") && location.contains("izin=1") && location.contains("motivasi=2"))
            let page = String(buffer: try await client.get(location, jar: jar).body)
            #expect(page.contains("Kehadiran tersimpan"))
        }
        let records = try await fixture.store.attendance(meetingID: "KLP-01/2026-12")
        #expect(records.first { $0.householdID == "KPM-0001" }?.status == .absent)
        #expect(records.first { $0.householdID == "KPM-0002" }?.reason == "anak sakit")
        #expect(records.allSatisfy { $0.recordedBy == "siti" })
        let motivation = try await fixture.store.outboxMessages(forHousehold: "KPM-0001", in: .everything, limit: 50)
            .filter { $0.source == AttendanceService.source }
        #expect(motivation.count == 1)
        let audit = try await fixture.store.auditLog(limit: 10)
        #expect(audit.contains { $0.action == "attendance.record" && $0.actor == "siti" && $0.subject == "KLP-01/2026-12" })
    }

    @Test("moving a meeting and a household's opt-out are audited with who and when")
    func auditedChanges() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let token = try await client.csrf(on: "/kelompok/KLP-01", jar: jar)
            let moved = try await client.post("/pertemuan/KLP-01/2027-01/pindah",
                                              form: [("_csrf", token), ("tanggal", "2027-01-14"), ("jam", "13:30"), ("tempat", "")], jar: jar)
            #expect(moved.status == .seeOther)
            let optOut = try await client.post("/kpm/KPM-0003/persetujuan", form: [("_csrf", token), ("berhenti", "1")], jar: jar)
            #expect(optOut.status == .seeOther)
        }
        let change = try #require(try await fixture.store.meetingChanges(groupID: "KLP-01")["KLP-01/2027-01"])
        #expect(change.newStart == LocalDateTime(date: CalendarDate(year: 2027, month: 1, day: 14)!, time: TimeOfDay(hour: 13, minute: 30)!))
        #expect(change.changedBy == "siti")
        #expect(try await fixture.store.household(id: "KPM-0003", in: .everything)?.consent == .optedOut)
        let audit = try await fixture.store.auditLog(limit: 10)
        #expect(audit.contains { $0.action == "meeting.move" && $0.actor == "siti" && $0.at == WebFixture.now })
        #expect(audit.contains { $0.action == "consent.change" && $0.subject == "KPM-0003" })
    }

    @Test("user-supplied text is escaped on the pages")
    func escaping() async throws {
        let fixture = try await WebFixture.make()
        let household = try #require(try await fixture.store.household(id: "KPM-0001", in: .everything))
        _ = try await fixture.store.recordReply(Reply(
            id: "test-1", receivedAt: WebFixture.now, gateway: "kannel", providerID: nil, phone: try #require(household.phone),
            householdIDs: ["KPM-0001"], groupID: "KLP-01", text: "<script>alert('x')</script>", intent: .other, response: .silent))
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let page = String(buffer: try await client.get("/balasan", jar: jar).body)
            #expect(!page.contains("<script>alert"))
            #expect(page.contains("&lt;script&gt;alert"))
        }
    }

    @Test("the household list through the API: pages by cursor, filters, the token's scope, and 400s that speak of the API")
    func householdList() async throws {
        let fixture = try await WebFixture.make()
        let siti = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        let admin = try await fixture.accounts.issueToken(for: "admin", label: "test", now: WebFixture.now)
        struct Page: Decodable {
            struct Household: Decodable { let id: String; let groupID: String; let phone: String?; let status: String }
            let households: [Household]
            let nextCursor: String?
        }
        try await fixture.test { client in
            func page(_ query: String, token: String) async throws -> Page {
                let response = try await client.json("/api/v1/households?" + query, token: token)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return try JSONDecoder().decode(Page.self, from: Data(buffer: response.body))
            }
            // Siti's households, walked page by page: each once, in order, and the walk ends.
            let everyone = try await fixture.store.households(in: .facilitator("PDP-01"), groupID: nil).map(\.id)
            var walked: [String] = []
            var cursor: String?
            repeat {
                let next = try await page("limit=7" + (cursor.map { "&cursor=" + $0 } ?? ""), token: siti)
                #expect(next.households.count <= 7)
                walked += next.households.map(\.id)
                cursor = next.nextCursor
            } while cursor != nil
            #expect(walked == everyone)
            #expect(everyone.count > 7)
            // Another facilitator's group is not in Siti's list; the coordinator sees it.
            let otherGroup = try #require(try await fixture.store.groups(in: .facilitator("PDP-02")).first?.id)
            #expect(try await page("group=\(otherGroup)", token: siti).households.isEmpty)
            let theirs = try await page("group=\(otherGroup)&limit=200", token: admin)
            #expect(!theirs.households.isEmpty && theirs.households.allSatisfy { $0.groupID == otherGroup })
            #expect(theirs.households.allSatisfy { $0.phone?.contains("*") ?? true })
            #expect(try await page("status=inactive&limit=200", token: admin).households.allSatisfy { $0.status == "inactive" })
            for bad in ["limit=0", "limit=201", "limit=lima", "status=aktif", "consent=ya", "cursor=!!"] {
                let response = try await client.json("/api/v1/households?" + bad, token: siti)
                #expect(response.status == .badRequest, "\(bad)")
                let text = String(buffer: response.body)
                // The desk's own checks (WEB06) or the generated decoding's (API02); either names the parameter.
                #expect((text.contains("WEB06") || text.contains("API02")) && text.contains("openapi.yaml")
                        && text.contains(String(bad.prefix { $0 != "=" })), "\(bad): \(text)")
            }
        }
    }

    @Test("the API reads strictly: a value the spec does not allow is a 400, never ignored; null is not absent")
    func strictReads() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        try await fixture.test { client in
            // An empty value is a wrong value where the spec limits it (a choice, a number, a date).
            for uri in ["/api/v1/replies?unhandled=1", "/api/v1/replies?unhandled=", "/api/v1/log?until=kemarin",
                        "/api/v1/log?until=", "/api/v1/log?since=2026-13-01", "/api/v1/log?status=terkirim",
                        "/api/v1/log?limit=0", "/api/v1/households?status=", "/api/v1/households?limit="] {
                #expect(try await client.json(uri, token: token).status == .badRequest, "\(uri)")
            }
            #expect(try await client.json("/api/v1/replies?unhandled=false", token: token).status == .ok)
            #expect(try await client.json("/api/v1/log?since=2026-12-01&until=2026-12-31&status=queued", token: token).status == .ok)
            let bodies = [#"{"absent": [], "excused": null}"#]
            for body in bodies {
                let response = try await client.json("/api/v1/meetings/KLP-01/2026-12/attendance", method: .post, token: token, body: body)
                #expect(response.status == .badRequest, "\(body)")
            }
            for body in [#"{"place": "\f"}"#, #"{"start": "2026-12-10 9:30"}"#, #"{"start": "2026-11-31 09:30"}"#, "{}"] {
                let response = try await client.json("/api/v1/meetings/KLP-01/2026-12/move", method: .post, token: token, body: body)
                #expect(response.status == .badRequest, "\(body)")
            }
            let blank = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token,
                                              body: #"{"audience": "kelompok:KLP-01", "text": " \u00a0 "}"#)
            #expect(blank.status == .badRequest)
            let nobody = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token,
                                               body: #"{"audience": "kelompok:KLP-99", "text": "Halo"}"#)
            #expect(nobody.status == .notFound)
        }
    }

    @Test("API errors speak of the API: no command-line flag in a remedy")
    func apiRemedies() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        try await fixture.test { client in
            let calls: [(String, HTTPRequest.Method, String?)] = [
                ("/api/v1/broadcasts/preview", .post, #"{"audience": "kelompok:TIDAK-ADA", "text": "Halo"}"#),
                ("/api/v1/broadcasts/preview", .post, #"{"audience": "siapa-saja", "text": "Halo"}"#),
                ("/api/v1/broadcasts/preview", .post, #"{"audience": "kelompok:KLP-01", "text": ""}"#),
                ("/api/v1/replies/tidak-ada/handled", .post, nil),
                ("/api/v1/households/TIDAK-ADA", .get, nil),
                ("/api/v1/groups", .get, nil),
            ]
            for (uri, method, body) in calls {
                let response = try await client.json(uri, method: method, token: uri == "/api/v1/groups" ? nil : token, body: body)
                let error = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: String]]
                let remedy = try #require(error?["error"]?["remedy"], "\(uri)")
                #expect(!remedy.contains("--") && !remedy.contains("pengingat kelompok") && !remedy.contains("pengingat balasan"),
                        "\(uri): \(remedy)")
            }
        }
    }

    @Test("a broadcast through the API: preview with count, segments and cost, then queued and audited")
    func broadcastThroughAPI() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        try await fixture.test { client in
            #expect(try await client.json("/api/v1/groups", token: nil).status == .unauthorized)
            #expect(try await client.json("/api/v1/groups", token: "pgt_tebakan").status == .unauthorized)
            let body = #"{"audience": "kelompok:KLP-01", "text": "{{sapaan}} {{nama}}, pencairan tahap 4 mulai Senin."}"#
            let preview = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token, body: body)
            #expect(preview.status == .ok)
            let previewed = try JSONSerialization.jsonObject(with: Data(buffer: preview.body)) as? [String: Any]
            let phones = try #require(previewed?["phones"] as? Int)
            #expect(phones > 10)
            #expect((previewed?["smsSegments"] as? Int ?? 0) >= 1)
            #expect((previewed?["estimatedCost"] as? String ?? "").hasPrefix("Rp"))
            let other = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token,
                                              body: #"{"audience": "kelompok:KLP-11", "text": "Halo"}"#)
            #expect(other.status != .ok)
            let malformed = try await client.json("/api/v1/broadcasts", method: .post, token: token, body: #"{"text": 1}"#)
            #expect(malformed.status == .badRequest)
            #expect(String(buffer: malformed.body).contains("API02"))
            let sent = try await client.json("/api/v1/broadcasts", method: .post, token: token,
                                             body: #"{"audience": "kelompok:KLP-01", "text": "Halo {{nama}}", "confirm": true}"#)
            #expect(sent.status == .created)
        }
        #expect(try await fixture.store.broadcasts(facilitatorID: nil, limit: 5).count == 1)
        let audit = try await fixture.store.auditLog(limit: 5)
        #expect(audit.contains { $0.action == "broadcast.send" && $0.actor == "siti" })
    }

    @Test("kirim's listener is the same application with the webhooks alone: health and webhooks answer, pages and metrics do not")
    func webhooksOnly() async throws {
        let store = try SQLiteStore.inMemory()
        let app = WebApplication(
            webhooksOnly: .init(port: 0, webhooks: WebhookContext(callbackSecret: "rahasia-callback")), store: store, replies: nil,
            logger: Logger(label: "test"))
        try await WebFixture.test(app) { (client: any TestClientProtocol) async throws in
            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.get("/readyz").status == .ok)
            #expect(try await client.get("/webhooks/kannel/dlr?key=tidak-ada&type=1&secret=rahasia-callback").status == .notFound)
            #expect(try await client.get("/webhooks/kannel/dlr?key=x&type=1&secret=salah").status == .forbidden)
            // No reply service in this process: incoming messages are refused, not lost silently.
            #expect(try await client.get("/webhooks/kannel/mo?secret=rahasia-callback&from=081234567890&text=HADIR").status == .notFound)
            for page in ["/", "/masuk", "/api/v1/groups", "/metrics"] {
                #expect(try await client.get(page).status == .notFound, "\(page)")
            }
        }
    }

    @Test("webhooks: good, bad and missing secrets and signatures; anything else refused and counted")
    func webhooks() async throws {
        let appSecret = "rahasia-aplikasi-wa"
        let twilioToken = "rahasia-twilio"
        // Twilio's token is found through the configured Twilio gateway's `token_env`.
        let fixture = try await WebFixture.make(webhooks: WebhookContext(
            callbackSecret: "rahasia-callback", publicURL: "https://pengingat.example.id",
            environment: ["PENGINGAT_WHATSAPP_VERIFY_TOKEN": "verifikasi", "PENGINGAT_WHATSAPP_APP_SECRET": appSecret,
                          "TWILIO_TOKEN": twilioToken],
            gateways: ["sms-twilio": GatewayConfiguration(TwilioGateway.self, TwilioSettings(accountSID: "AC1", tokenEnv: "TWILIO_TOKEN"))]))
        try await fixture.test { client in
            // Kannel: the secret is in the URL.
            #expect(try await client.get("/webhooks/kannel/dlr?key=x&type=1").status == .forbidden)
            #expect(try await client.get("/webhooks/kannel/dlr?key=x&type=1&secret=salah").status == .forbidden)
            #expect(try await client.get("/webhooks/kannel/dlr?key=tidak-ada&type=1&secret=rahasia-callback").status == .notFound)
            #expect(try await client.get("/webhooks/kannel/mo?secret=salah&from=0812&text=HADIR").status == .forbidden)
            // WhatsApp: the handshake, then signatures.
            let challenge = try await client.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verifikasi&hub.challenge=42")
            #expect(String(buffer: challenge.body) == "42")
            #expect(try await client.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=42").status == .forbidden)
            let body = #"{"object":"whatsapp_business_account","entry":[]}"#
            let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(appSecret.utf8)))
            let signature = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
            let signed = try await client.execute(uri: "/webhooks/whatsapp", method: .post,
                                                  headers: [.init("X-Hub-Signature-256")!: signature], body: ByteBuffer(string: body))
            #expect(signed.status == .ok)
            let forged = try await client.execute(uri: "/webhooks/whatsapp", method: .post,
                                                  headers: [.init("X-Hub-Signature-256")!: "sha256=00"], body: ByteBuffer(string: body))
            #expect(forged.status == .forbidden)
            #expect(try await client.execute(uri: "/webhooks/whatsapp", method: .post, body: ByteBuffer(string: body)).status == .forbidden)
            // Twilio: X-Twilio-Signature over the public URL and the sorted form.
            let form = "MessageSid=SM1&MessageStatus=delivered"
            let uri = "/webhooks/twilio?key=tidak-ada"
            let good = TwilioStatus.signature(url: "https://pengingat.example.id" + uri,
                                                      form: [("MessageSid", "SM1"), ("MessageStatus", "delivered")], authToken: twilioToken)
            let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            var withGood = formHeaders
            withGood[.init("X-Twilio-Signature")!] = good
            #expect(try await client.execute(uri: uri, method: .post, headers: withGood, body: ByteBuffer(string: form)).status == .notFound)
            var withBad = formHeaders
            withBad[.init("X-Twilio-Signature")!] = "AAAA"
            #expect(try await client.execute(uri: uri, method: .post, headers: withBad, body: ByteBuffer(string: form)).status == .forbidden)
            #expect(try await client.execute(uri: uri, method: .post, headers: formHeaders, body: ByteBuffer(string: form)).status == .forbidden)
            // Anything else under /webhooks.
            #expect(try await client.get("/webhooks/lain").status == .notFound)
            #expect(try await client.execute(uri: "/webhooks/kannel/apa", method: .post, body: nil).status == .notFound)

            let metrics = String(buffer: try await client.get("/metrics").body)
            #expect(metrics.contains(#"pengingat_webhook_rejections_total{webhook="twilio",reason="signature"}"#)
                || metrics.contains(#"pengingat_webhook_rejections_total{reason="signature",webhook="twilio"}"#))
            #expect(metrics.contains("no_such_webhook"))
            #expect(metrics.contains(#"pengingat_outbox_depth{state="queued"}"#))
        }
    }

    @Test("a webhook flood: every genuine report lands once, forgeries and junk are refused, the service still answers")
    func webhookFlood() async throws {
        let fixture = try await WebFixture.make()
        // Messages sent and accepted by the gateway, waiting for their reports.
        let sentAt = WebFixture.now.addingTimeInterval(86_400)
        let keys = try await fixture.store.claim(now: sentAt, limit: 300, owner: "flood", leaseUntil: sentAt.addingTimeInterval(600)).map(\.key)
        #expect(keys.count >= 50)
        _ = try await fixture.store.finishAttempts(keys.map {
            AttemptRecord(key: $0, owner: "flood", gateway: "kannel", at: sentAt, httpStatus: 202, latency: 0.01, error: nil,
                          consequence: .accepted(providerID: nil))
        })
        try await fixture.test { client in
            // Genuine reports, each sent twice (Kannel repeats itself), mixed with forgeries and junk.
            var requests: [(uri: String, expected: HTTPResponse.Status)] = []
            for key in keys {
                let query = "key=\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)&type=1&secret=rahasia-callback"
                requests.append(("/webhooks/kannel/dlr?" + query, .ok))
                requests.append(("/webhooks/kannel/dlr?" + query, .ok))
                requests.append(("/webhooks/kannel/dlr?key=\(key.hashValue)&type=1&secret=salah", .forbidden))
                requests.append(("/webhooks/kannel/dlr?secret=rahasia-callback&type=abc&key=", .badRequest))
                requests.append(("/webhooks/kannel/mo?secret=salah&from=0812&text=BERHENTI", .forbidden))
            }
            requests.shuffle()
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, HTTPResponse.Status).self) { group in
                var results: [(HTTPResponse.Status, HTTPResponse.Status)] = []
                var next = 0
                for _ in 0..<64 where next < requests.count {
                    let request = requests[next]
                    next += 1
                    group.addTask { (try await client.get(request.uri).status, request.expected) }
                }
                while let result = try await group.next() {
                    results.append(result)
                    if next < requests.count {
                        let request = requests[next]
                        next += 1
                        group.addTask { (try await client.get(request.uri).status, request.expected) }
                    }
                }
                return results
            }
            #expect(statuses.count == requests.count)
            let serverErrors = statuses.filter { $0.0.code >= 500 }
            #expect(serverErrors.isEmpty, "\(serverErrors.count) answers were 5xx")
            let genuine = statuses.filter { $0.1 == .ok }
            #expect(genuine.allSatisfy { $0.0 == .ok })
            #expect(statuses.filter { $0.1 == .forbidden }.allSatisfy { $0.0 == .forbidden })
            #expect(statuses.filter { $0.1 == .badRequest }.allSatisfy { $0.0 == .badRequest })
            let log = Dictionary(grouping: try await fixture.store.deliveryLog(DeliveryLogFilter(limit: 100_000)), by: \.messageKey)
            for key in keys {
                #expect(try await fixture.store.outboxMessage(key: key)?.state == .delivered, "\(key)")
                // Both reports are kept as evidence; only the first changed the status.
                #expect(log[key]?.filter { $0.event == .report }.count == 2, "\(key)")
                #expect(log[key]?.filter { $0.fromState != nil && $0.toState == .delivered }.count == 1, "\(key)")
            }
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test("health and readiness")
    func health() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let health = try await client.get("/healthz")
            let ready = try await client.get("/readyz")
            #expect(health.status == .ok)
            #expect(String(buffer: ready.body) == "ready\n")
        }
    }

    @Test("openapi.yaml describes exactly the API operations the router serves; any other method of its paths is 405 with Allow")
    func openAPIMatchesRoutes() async throws {
        let fixture = try await WebFixture.make()
        let text = try String(contentsOfFile: WebFixture.repositoryRoot + "/openapi.yaml", encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, value) in paths {
            let operations = try #require(value as? [String: Any])
            for method in operations.keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(documented.count == 17)
        // Every documented operation is served; every other method of a documented path is
        // answered too, by a 405 that names what the path does have.
        let routes = fixture.app.router().routes.filter { "\($0.path)".contains("/api/v1/") }
        let served = Set(routes.map { "\($0.method) \($0.path)" })
        #expect(documented.isSubset(of: served))
        #expect(Set(routes.map { "\($0.path)" }) == Set(documented.map { String($0.split(separator: " ")[1]) }))
        let token = try await fixture.accounts.issueToken(for: "admin", label: "test", now: WebFixture.now)
        let undocumented = routes.map { (method: $0.method, path: "\($0.path)") }
            .filter { !documented.contains("\($0.method) \($0.path)") }
        let operations = documented
        try await fixture.test { client in
            for route in undocumented {
                let uri = route.path.replacingOccurrences(of: "{id}", with: "KPM-0001")
                    .replacingOccurrences(of: "{group}", with: "KLP-01").replacingOccurrences(of: "{month}", with: "2026-12")
                let response = try await client.json(uri, method: route.method, token: token)
                #expect(response.status == .methodNotAllowed, "\(route.method) \(uri)")
                let allowed = operations.filter { $0.hasSuffix(" \(route.path)") }.map { String($0.split(separator: " ")[0]) }
                #expect(Set((response.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                        == Set(allowed), "\(route.method) \(uri)")
            }
        }
    }
}
