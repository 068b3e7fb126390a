import Foundation
import Logging
import PengingatCore
import PengingatGateways
import PengingatService
import PengingatStore
import PengingatTestSupport
import Testing

/// The Kannel that `make test` starts (scripts/kannel-test-env.sh) for this run.
struct KannelEnvironment {
    let sendsmsURL: String
    let username: String
    let password: String
    let fakeSMSCLog: String
    /// Where Kannel passes incoming messages (a listener the test starts), and the port that
    /// takes "FROM TO text ..." lines to inject one; nil when the harness did not set them up.
    var moURL: String?
    var moInjectPort: Int?

    /// Reads `$PENGINGAT_KANNEL_ENV`; nil when the tests run without a Kannel (plain `swift test`).
    static func load() -> KannelEnvironment? {
        guard let path = ProcessInfo.processInfo.environment["PENGINGAT_KANNEL_ENV"],
              let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        guard let url = values["KANNEL_SENDSMS_URL"], let user = values["KANNEL_USERNAME"],
              let password = values["KANNEL_PASSWORD"], let log = values["KANNEL_FAKESMSC_LOG"]
        else { return nil }
        return KannelEnvironment(sendsmsURL: url, username: user, password: password, fakeSMSCLog: log,
                                 moURL: values["KANNEL_MO_URL"], moInjectPort: values["KANNEL_MO_INJECT_PORT"].flatMap { Int($0) })
    }

    /// What the fake SMS centre received, reassembled by scripts/fakesmsc-messages.py.
    func received() throws -> [(to: String, text: String, parts: Int)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot + "/scripts/fakesmsc-messages.py", fakeSMSCLog]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let to = object["to"] as? String, let text = object["text"] as? String
            else { return nil }
            return (to, text, object["parts"] as? Int ?? 1)
        }
    }
}

@Suite("Dispatch through a real Kannel", .timeLimit(.minutes(5)), .enabled(if: KannelEnvironment.load() != nil, "make test starts a Kannel; swift test alone does not"))
struct KannelDispatchTests {
    @Test("plain, long and emoji messages reach the fake SMS centre exactly, and their reports mark them delivered")
    func endToEnd() async throws {
        let kannel = try #require(KannelEnvironment.load())
        let store = try SQLiteStore.inMemory()
        let now = Date()
        // Numbers used by no other test, so the shared fake SMS centre's log can be read for ours.
        let suffix = String(format: "%06d", Int(now.timeIntervalSince1970) % 1_000_000)
        let texts = [
            ("0812" + suffix + "01", "Ibu Ani, besok Selasa, 8 Desember 2026 pukul 09.00 WIB ada P2K2 di Aula Kelurahan. Ditunggu ya."),
            ("0812" + suffix + "02", String(repeating: "Ibu Euis, jangan lupa posyandu besok pukul 08.00 WIB di Balai RW 05. ", count: 5)
                .trimmingCharacters(in: .whitespaces)),
            ("0812" + suffix + "03", "Semangat ya Bu Siti 💪 sampai bertemu di P2K2!"),
            ("0812" + suffix + "04", "Ibu Dewi, pesan dua baris:\nbaris kedua dengan [kurung] dan €."),
        ]
        let messages = texts.enumerated().map { index, pair in
            OutboxMessage(
                key: "kannel-test/\(suffix)/\(index)", source: "test", phone: try! PhoneNumber(parsing: pair.0), channel: .sms,
                language: .indonesian, groupID: "G1", dueAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(3600),
                priority: 5, text: pair.1, segments: SMSSize(measuring: pair.1).segments,
                encoding: SMSSize(measuring: pair.1).encoding.rawValue, items: [])
        }
        _ = try await store.commit(messages, source: "test", groupID: "G1", window: DateInterval(start: now, duration: 1), stale: [], at: now)

        let port = PortBox()
        let callbacks = CallbackListener.make(store: store, secret: "rahasia-kannel", onRunning: { await port.set($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await callbacks.run() }
            let bound = try await port.wait()
            let gateway = KannelGateway(configuration: .init(
                sendsmsURL: kannel.sendsmsURL, username: kannel.username, password: kannel.password,
                reportURL: "http://127.0.0.1:\(bound)/dlr/kannel", reportSecret: "rahasia-kannel"),
                transport: OutboxFixture.client)
            let dispatcher = Dispatcher(
                store: store, gateways: GatewayRegistry(gateways: [gateway], smsGateways: ["kannel"]),
                configuration: .init(channels: [.sms: ["kannel"]], maxMessagesPerPhonePerDay: 10), logger: Logger(label: "test"))
            let summary = try await dispatcher.drain()
            #expect(summary.accepted == texts.count)

            // Delivery reports come back asynchronously through the callback listener.
            try await waitUntil(polling: .milliseconds(200)) {
                try await messages.asyncMap { try await store.outboxMessage(key: $0.key)?.state }.allSatisfy { $0 == .delivered }
            }
            group.cancelAll()
        }
        for message in messages {
            #expect(try await store.outboxMessage(key: message.key)?.state == .delivered, "\(message.key)")
        }
        let log = try await store.deliveryLog(DeliveryLogFilter(limit: 1000))
        #expect(log.filter { $0.event == .attempt && $0.httpStatus == 202 }.count == texts.count)
        #expect(log.filter { $0.event == .report }.count >= texts.count)

        // The fake SMS centre received exactly these texts (long ones as concatenated parts).
        var received: [(to: String, text: String, parts: Int)] = []
        try await waitUntil(polling: .milliseconds(200)) {
            received = try kannel.received().filter { item in texts.contains { item.to.hasSuffix(String($0.0.dropFirst())) } }
            return received.count >= texts.count
        }
        #expect(received.count == texts.count)
        for (phone, text) in texts {
            let got = received.first { $0.to.hasSuffix(String(phone.dropFirst())) }
            #expect(got?.text == text, "\(phone): \(got?.text ?? "nothing")")
        }
        #expect(received.first { $0.to.hasSuffix(String(texts[1].0.dropFirst())) }?.parts ?? 0 > 1)
    }

    @Test("Kannel's refusals: a wrong password is permanent, not retried")
    func refusal() async throws {
        let kannel = try #require(KannelEnvironment.load())
        let gateway = KannelGateway(configuration: .init(sendsmsURL: kannel.sendsmsURL, username: kannel.username, password: "salah"),
                                    transport: OutboxFixture.client)
        let result = await gateway.send(GatewayMessage(id: "x", phone: try PhoneNumber(parsing: "081299990000"), text: "uji"))
        #expect(result.outcome == .permanent)
        #expect(result.httpStatus == 403)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
