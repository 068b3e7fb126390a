import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Replies through a real Kannel", .timeLimit(.minutes(5)), .enabled(if: KannelEnvironment.load()?.moInjectPort != nil,
                                                 "make test starts a Kannel with its MO URL; swift test alone does not"))
struct KannelReplyTests {
    typealias F = PlannerFixture

    /// Writes one message into Kannel's MO fake SMS centre, as a handset would send it.
    static func inject(port: Int, from: String, text: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let line = Array("\(from) 1234 text \(text)\n".utf8)
        guard line.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == line.count else { throw POSIXError(.EIO) }
        // The fake SMS centre reads the line before the connection goes.
        usleep(300_000)
    }

    static func answerQueued(_ store: SQLiteStore, phone: PhoneNumber) async throws -> Bool {
        guard let key = try await store.replies(from: phone, since: .distantPast).first?.responseKey else { return false }
        return try await store.outboxMessage(key: key) != nil
    }

    @Test("a BERHENTI sent in through Kannel opts the household out; the confirmation goes back through Kannel, a reminder does not")
    func stopThroughKannel() async throws {
        let kannel = try #require(KannelEnvironment.load())
        let moURL = try #require(kannel.moURL.flatMap(URLComponents.init(string:)))
        let listenPort = try #require(moURL.port)
        let secret = try #require(moURL.queryItems?.first { $0.name == "secret" }?.value)
        let injectPort = try #require(kannel.moInjectPort)

        // A number no other test uses, so the shared fake SMS centre's log can be read for ours.
        let suffix = String(format: "%06d", Int(Date().timeIntervalSince1970) % 1_000_000)
        let number = "0813" + suffix + "77"
        let phone = try PhoneNumber(parsing: number)
        let store = try await F.store(households: [Household(id: "H1", caregiverName: "Ani", phone: phone, groupID: "G1", rw: "01")])
        let now = Date()
        let reminder = OutboxMessage(
            key: "kannel-reply-test/\(suffix)/reminder", source: "planner", phone: phone, channel: .sms, language: .indonesian,
            groupID: "G1", dueAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(3600), priority: 5,
            text: "Ibu Ani, besok P2K2.", segments: 1, encoding: "GSM-7",
            items: [OutboxItem(key: "kannel-reply-test/\(suffix)/item", householdID: "H1", eventKey: "G1/2026-12", eventAt: now,
                               kind: "p2k2-reminder-day-before")])
        _ = try await store.commit([reminder], source: "planner", groupID: "G1", window: DateInterval(start: now, duration: 0), stale: [], at: now)

        let replies = ReplyService(store: store, rules: try F.rules(), catalogue: try F.catalogue(), settings: ReplySettings(),
                                   logger: Logger(label: "test"))
        let port = PortBox()
        let listener = CallbackListener.make(store: store, port: listenPort, secret: secret, replies: replies,
                                             onRunning: { await port.set($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            _ = try await port.wait()
            try Self.inject(port: injectPort, from: number, text: "Berhenti")
            // Kannel passes the message on when its queues get to it (other tests share them).
            // The last thing the webhook does is queue the answer: wait for that, not for the
            // consent it records first, or stopping the listener cancels the rest mid-request.
            try await waitUntil(polling: .milliseconds(100)) { try await Self.answerQueued(store, phone: phone) }
            group.cancelAll()
        }
        #expect(try await store.household(id: "H1", in: .everything)?.consent == .optedOut)
        let reply = try #require(try await store.replies(from: phone, since: .distantPast).first)
        #expect(reply.gateway == "kannel" && reply.text == "Berhenti" && reply.intent == .optOut && reply.providerID != nil)

        // Now send what is queued through the same Kannel.
        let gateway = KannelGateway(configuration: .init(sendsmsURL: kannel.sendsmsURL, username: kannel.username, password: kannel.password),
                                    transport: OutboxFixture.client)
        let clock = TestClock(Date())
        let dispatcher = Dispatcher(
            store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: ["kannel"]),
            configuration: .init(backoffInitial: 1, channels: [.sms: ["kannel"]], maxMessagesPerPhonePerDay: 10), logger: Logger(label: "test"),
            now: { clock.now })
        // A busy Kannel may ask for a retry: move the dispatcher's clock to it and drain again
        // until the answer is taken.
        var summary = try await dispatcher.drain()
        while summary.accepted == 0 {
            if let next = try await store.nextDue() { clock.advance(to: next.addingTimeInterval(1)) }
            try await Task.sleep(for: .milliseconds(100))
            let more = try await dispatcher.drain()
            summary.accepted += more.accepted
            summary.optedOut += more.optedOut
        }
        let trail = try await store.deliveryLog(DeliveryLogFilter()).map { "\($0.event) \($0.toState.map { "\($0)" } ?? "-") \($0.detail ?? "") \($0.error ?? "")" }
        #expect(summary.accepted == 1 && summary.optedOut == 1, "\(summary) \(trail)")
        #expect(try await store.outboxMessage(key: reminder.key)?.state == .optedOut)

        var received: [(to: String, text: String, parts: Int)] = []
        try await waitUntil(polling: .milliseconds(200)) {
            received = try kannel.received().filter { $0.to.hasSuffix(String(number.dropFirst())) }
            return !received.isEmpty
        }
        #expect(received.map(\.text) == [
            "Ibu Ani, baik, pesan pengingat PKH tidak akan dikirim lagi ke nomor ini. Bila ingin menerima lagi, balas MULAI. Terima kasih.",
        ])
    }
}
