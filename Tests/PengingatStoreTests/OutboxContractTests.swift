import Foundation
import GRDB
import Logging
import PengingatCore
import PengingatStore
import PostgresNIO
import Testing

/// What every outbox must do; the PostgreSQL store will join these arguments.
@Suite("Outbox store contract")
struct OutboxContractTests {
    static let base = Date(timeIntervalSince1970: 1_796_695_200)  // 8 December 2026 09.00 WIB
    static let window = DateInterval(start: base.addingTimeInterval(-86_400 * 3), duration: 86_400 * 10)

    static func message(_ key: String, due hours: Double, text: String = "Ibu Ani, besok P2K2.", items: [String] = ["a"],
                        group: String = "G1", whatsAppTemplates: [WhatsAppTemplateCall] = []) -> OutboxMessage {
        OutboxMessage(
            key: key, source: "planner", phone: try! PhoneNumber(parsing: "081234567890"), channel: .sms, language: .indonesian,
            groupID: group, dueAt: base.addingTimeInterval(hours * 3600), expiresAt: base, priority: 5, text: text, segments: 1,
            encoding: "GSM-7",
            items: items.map { OutboxItem(key: $0, householdID: "H1", eventKey: "G1/2026-12", eventAt: base, kind: "p2k2-reminder-day-before") },
            whatsAppTemplates: whatsAppTemplates)
    }

    static let antenatalCall = WhatsAppTemplateCall(name: "pkh_periksa_hamil", language: "id", parameters: ["Ani", "3", "12 Januari"])
    static let dayBeforeCall = WhatsAppTemplateCall(
        name: "pkh_p2k2_pengingat", language: "id", parameters: ["Ani", "Selasa, 8 Desember", "09.00 WIB", "Aula Kelurahan"])
    /// How versions before lists stored `dayBeforeCall`: one JSON object.
    static let legacyDayBeforeColumn =
        #"{"name":"pkh_p2k2_pengingat","language":"id","parameters":["Ani","Selasa, 8 Desember","09.00 WIB","Aula Kelurahan"]}"#

    /// Writes `text` into a message's `whatsapp_template` column as it is, the way an earlier
    /// version left it in a database.
    static func storeWhatsAppTemplateColumn(_ text: String, key: String, in store: any PengingatStore) async throws {
        switch store {
        case let sqlite as SQLiteStore:
            try await sqlite.database.writer.write { db in
                try db.execute(sql: "UPDATE outbox SET whatsapp_template = ? WHERE key = ?", arguments: [text, key])
            }
        case let postgres as PostgresStore:
            try await postgres.client.query("UPDATE outbox SET whatsapp_template = \(text) WHERE key = \(key)", logger: Logger(label: "test"))
        default:
            Issue.record("no raw SQL for \(type(of: store))")
        }
    }

    func commit(_ store: any PengingatStore, _ messages: [OutboxMessage], stale: Set<String> = []) async throws -> OutboxCommitSummary {
        try await store.commit(messages, source: "planner", groupID: "G1", window: Self.window, stale: stale, at: Self.window.start)
    }

    @Test("committing the same messages twice inserts once and then changes nothing", arguments: StoreKind.allCases)
    func idempotent(kind: StoreKind) async throws {
        let store = try await kind.make()
        let messages = [Self.message("m1", due: -16), Self.message("m2", due: -2, items: ["b", "c"])]
        #expect(try await commit(store, messages).inserted == 2)
        let again = try await commit(store, messages)
        #expect(again.written == 0)
        #expect(again.unchanged == 2)
        let stored = try await store.outboxMessages(dueIn: Self.window, groupID: nil)
        #expect(stored == messages)
        #expect(try await store.outboxMessage(key: "m2")?.items.map(\.key) == ["b", "c"])
    }

    @Test("a pending message is rewritten; one underway is left alone", arguments: StoreKind.allCases)
    func rewrites(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await commit(store, [Self.message("m1", due: -16), Self.message("m2", due: -2)])
        #expect(try await store.setState(.accepted, forMessage: "m2", at: OutboxContractTests.base))
        #expect(try await store.setState(.accepted, forMessage: "nothing", at: OutboxContractTests.base) == false)
        let summary = try await commit(store, [Self.message("m1", due: -15, text: "Baru"), Self.message("m2", due: -2, text: "Baru")])
        #expect(summary.updated == 1)
        #expect(summary.alreadyUnderway == 1)
        #expect(try await store.outboxMessage(key: "m1")?.text == "Baru")
        #expect(try await store.outboxMessage(key: "m2")?.text == "Ibu Ani, besok P2K2.")
        #expect(try await store.outboxMessage(key: "m2")?.state == .accepted)
    }

    @Test("pending messages the plan no longer has are withdrawn, in the window and when named stale", arguments: StoreKind.allCases)
    func withdrawal(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await commit(store, [
            Self.message("in-window", due: 1), Self.message("overdue", due: -100, items: ["x"]),
            Self.message("other-group", due: 2, items: ["y"], group: "G2"),
        ])
        let summary = try await commit(store, [], stale: ["overdue"])
        #expect(summary.withdrawn == 2)
        #expect(try await store.outboxMessage(key: "in-window")?.state == .cancelled)
        #expect(try await store.outboxMessage(key: "overdue")?.state == .cancelled)
        #expect(try await store.outboxMessage(key: "other-group")?.state == .queued)
        // Withdrawn messages no longer hold their items; a later plan may bring them back.
        #expect(try await store.liveItems(among: ["a", "x", "y"]) == ["y": "other-group"])
        let revived = try await commit(store, [Self.message("in-window", due: 1)])
        #expect(revived.updated == 1)
        #expect(try await store.outboxMessage(key: "in-window")?.state == .queued)
    }

    @Test("a message's WhatsApp template calls are kept in order; a change to them rewrites it", arguments: StoreKind.allCases)
    func whatsAppTemplates(kind: StoreKind) async throws {
        let store = try await kind.make()
        let two = Self.message("m1", due: -16, items: ["a", "b"], whatsAppTemplates: [Self.antenatalCall, Self.dayBeforeCall])
        let none = Self.message("m2", due: -2, items: ["c"])
        #expect(try await commit(store, [two, none]).inserted == 2)
        #expect(try await store.outboxMessage(key: "m1")?.whatsAppTemplates == [Self.antenatalCall, Self.dayBeforeCall])
        #expect(try await store.outboxMessage(key: "m2")?.whatsAppTemplates == [])
        #expect(try await store.outboxMessages(dueIn: Self.window, groupID: nil) == [two, none])
        #expect(try await commit(store, [two, none]).unchanged == 2)
        // Only the calls differ: the queued message is rewritten, down to none.
        let reordered = Self.message("m1", due: -16, items: ["a", "b"], whatsAppTemplates: [Self.dayBeforeCall, Self.antenatalCall])
        #expect(try await commit(store, [reordered, none]).updated == 1)
        #expect(try await store.outboxMessage(key: "m1")?.whatsAppTemplates == [Self.dayBeforeCall, Self.antenatalCall])
        #expect(try await commit(store, [Self.message("m1", due: -16, items: ["a", "b"]), none]).updated == 1)
        #expect(try await store.outboxMessage(key: "m1")?.whatsAppTemplates == [])
    }

    @Test("a WhatsApp template stored by an earlier version, one JSON object, reads as one call", arguments: StoreKind.allCases)
    func legacyWhatsAppTemplate(kind: StoreKind) async throws {
        let store = try await kind.make()
        let message = Self.message("m1", due: -16)
        _ = try await commit(store, [message])
        try await Self.storeWhatsAppTemplateColumn(Self.legacyDayBeforeColumn, key: "m1", in: store)
        #expect(try await store.outboxMessage(key: "m1")?.whatsAppTemplates == [Self.dayBeforeCall])
        // What the plan commits again with the same call is the same content: nothing to rewrite.
        let same = Self.message("m1", due: -16, whatsAppTemplates: [Self.dayBeforeCall])
        #expect(try await commit(store, [same]).unchanged == 1)
        // A column no version could read costs the message its template, not its text.
        try await Self.storeWhatsAppTemplateColumn("kosong", key: "m1", in: store)
        #expect(try await store.outboxMessage(key: "m1")?.whatsAppTemplates == [])
        #expect(try await store.outboxMessage(key: "m1")?.text == message.text)
    }

    @Test("households told of an event are those whose message is on its way", arguments: StoreKind.allCases)
    func told(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await commit(store, [Self.message("m1", due: -16)])
        #expect(try await store.householdsTold(about: "G1/2026-12").isEmpty)
        _ = try await store.setState(.accepted, forMessage: "m1", at: OutboxContractTests.base)
        #expect(try await store.householdsTold(about: "G1/2026-12") == ["H1": Self.base])
    }

    @Test("meeting changes and facilitator tasks are kept by key", arguments: StoreKind.allCases)
    func changesAndTasks(kind: StoreKind) async throws {
        let store = try await kind.make()
        let start = LocalDateTime(date: CalendarDate(year: 2026, month: 12, day: 10)!, time: TimeOfDay(hour: 13, minute: 30)!)
        try await store.recordMeetingChange(MeetingChange(meetingID: "G1/2026-12", newStart: start, newPlace: "Rumah Ketua"))
        try await store.recordMeetingChange(MeetingChange(meetingID: "G2/2026-12", cancelled: true))
        try await store.recordMeetingChange(MeetingChange(meetingID: "G1/2026-12", newStart: start))
        let changes = try await store.meetingChanges(groupID: "G1")
        #expect(changes.count == 1)
        #expect(changes["G1/2026-12"]?.newStart == start)
        #expect(changes["G1/2026-12"]?.newPlace == nil)
        #expect(try await store.meetingChanges(groupID: nil).count == 2)

        let due = CalendarDate(year: 2026, month: 12, day: 1)!
        let task = FacilitatorTask(key: "k1", kind: .homeVisit, facilitatorID: "F1", householdID: "H1", due: due, reason: "Kunjungan")
        #expect(try await store.commitTasks([task, task]) == 1)
        #expect(try await store.commitTasks([task]) == 0)
        #expect(try await store.tasks(dueFrom: due, through: due, in: .facilitator("F1")) == [task])
        #expect(try await store.tasks(dueFrom: due, through: due, in: .facilitator("F2")).isEmpty)
        #expect(try await store.withdrawTasks(keys: [task.key, "no-such-task"]) == 1)
        #expect(try await store.tasks(dueFrom: due, through: due, in: .facilitator("F1")).isEmpty)
        #expect(try await store.withdrawTasks(keys: [task.key]) == 0)
    }
}
