import Foundation
import PengingatCore
import PengingatStore
import Testing

/// Claims, leases, attempts and reports: what every store must do for the dispatchers.
@Suite("Dispatch store contract")
struct DispatchContractTests {
    typealias O = OutboxContractTests
    static let base = O.base

    func store(with messages: [OutboxMessage], _ kind: StoreKind) async throws -> any PengingatStore {
        let store = try await kind.make()
        _ = try await store.commit(messages, source: "planner", groupID: "G1", window: O.window, stale: [], at: O.window.start)
        return store
    }

    func attempt(_ key: String, owner: String = "A", _ consequence: AttemptRecord.Consequence, at: Date = base) -> AttemptRecord {
        AttemptRecord(key: key, owner: owner, gateway: "kannel", at: at, httpStatus: 202, latency: 0.01, error: nil,
                      consequence: consequence)
    }

    @Test("a claim goes to one dispatcher until its lease ends; a lost lease cannot record", arguments: StoreKind.allCases)
    func claimsAndLeases(kind: StoreKind) async throws {
        let store = try await store(with: [O.message("m1", due: -16), O.message("m2", due: -2, items: ["b"]),
                                           O.message("later", due: 5, items: ["c"])], kind)
        let now = Self.base.addingTimeInterval(-3600)
        // A limit of zero or less claims nothing, and leaves the messages queued.
        #expect(try await store.claim(now: now, limit: 0, owner: "A", leaseUntil: now.addingTimeInterval(60)).isEmpty)
        #expect(try await store.claim(now: now, limit: -1, owner: "A", leaseUntil: now.addingTimeInterval(60)).isEmpty)
        #expect(try await store.outboxMessage(key: "m1")?.state == .queued)
        let first = try await store.claim(now: now, limit: 10, owner: "A", leaseUntil: now.addingTimeInterval(60))
        #expect(first.map(\.key) == ["m1", "m2"])  // due, by priority then due time; "later" is not due
        for message in first { #expect(try await store.outboxMessage(key: message.key)?.state == .sending) }
        #expect(try await store.claim(now: now, limit: 10, owner: "B", leaseUntil: now.addingTimeInterval(60)).isEmpty)
        // A's process dies; after the lease, B takes both over.
        let later = now.addingTimeInterval(61)
        #expect(try await store.claim(now: later, limit: 10, owner: "B", leaseUntil: later.addingTimeInterval(60)).map(\.key) == ["m1", "m2"])
        #expect(try await store.finishAttempt(attempt("m1", owner: "A", .accepted(providerID: nil))) == false)
        #expect(try await store.finishAttempt(attempt("m1", owner: "B", .accepted(providerID: "p-1"))))
        #expect(try await store.outboxMessage(key: "m1")?.state == .accepted)
        // Renewal keeps a slow send's claim; release gives it back without counting an attempt.
        #expect(try await store.renewLease(keys: ["m2"], owner: "B", until: later.addingTimeInterval(600)) == 1)
        #expect(try await store.claim(now: later.addingTimeInterval(120), limit: 10, owner: "C", leaseUntil: later.addingTimeInterval(180)).isEmpty)
        #expect(try await store.release(keys: ["m2"], owner: "B", at: later) == 1)
        #expect(try await store.outboxMessage(key: "m2")?.state == .queued)
        #expect(try await store.outboxMessage(key: "m2")?.attempts == 0)
    }

    @Test("a claim gives each message's WhatsApp template calls, in order, from a list or an earlier version's one object",
          arguments: StoreKind.allCases)
    func claimsWhatsAppTemplates(kind: StoreKind) async throws {
        let store = try await store(with: [
            O.message("two", due: -16, items: ["a", "b"], whatsAppTemplates: [O.antenatalCall, O.dayBeforeCall]),
            O.message("legacy", due: -15, items: ["c"]), O.message("none", due: -14, items: ["d"]),
        ], kind)
        try await O.storeWhatsAppTemplateColumn(O.legacyDayBeforeColumn, key: "legacy", in: store)
        let now = Self.base.addingTimeInterval(-3600)
        let claimed = try await store.claim(now: now, limit: 10, owner: "A", leaseUntil: now.addingTimeInterval(60))
        #expect(claimed.map(\.key) == ["two", "legacy", "none"])
        #expect(claimed.map(\.whatsAppTemplates) == [[O.antenatalCall, O.dayBeforeCall], [O.dayBeforeCall], []])
    }

    @Test("a retry waits for its time; attempts are counted and logged in order", arguments: StoreKind.allCases)
    func retries(kind: StoreKind) async throws {
        let store = try await store(with: [O.message("m1", due: -16)], kind)
        let now = Self.base.addingTimeInterval(-3600)
        _ = try await store.claim(now: now, limit: 1, owner: "A", leaseUntil: now.addingTimeInterval(60))
        try await store.logAttempt(key: "m1", owner: "A", gateway: "whatsapp", at: now, httpStatus: 400, latency: 0.2,
                                   error: "not on WhatsApp")
        #expect(try await store.finishAttempt(attempt("m1", .retry(at: now.addingTimeInterval(30)), at: now)))
        #expect(try await store.claim(now: now.addingTimeInterval(10), limit: 1, owner: "A", leaseUntil: now.addingTimeInterval(70)).isEmpty)
        #expect(try await store.nextDue() == now.addingTimeInterval(30))
        let again = try await store.claim(now: now.addingTimeInterval(31), limit: 1, owner: "A", leaseUntil: now.addingTimeInterval(91))
        #expect(again.first?.attempts == 1)
        #expect(try await store.finishAttempt(attempt("m1", .failed, at: now.addingTimeInterval(32))))
        let log = try await store.deliveryLog(DeliveryLogFilter())
        #expect(log.filter { $0.event == .attempt }.map(\.gateway) == ["whatsapp", "kannel", "kannel"])
        // Each state change is on one line: the claim's, or the attempt that caused it.
        #expect(log.compactMap(\.toState) == [.sending, .queued, .sending, .failed])
        #expect(log.filter { $0.event == .attempt }.map(\.toState) == [nil, .queued, .failed])
        #expect(try await store.deliveryLog(DeliveryLogFilter(householdID: "H1")).count == log.count)
        #expect(try await store.deliveryLog(DeliveryLogFilter(householdID: "H9")).isEmpty)
        // Read in pages of two, newest first, each page from where the last stopped.
        var pages: [[OutboxState?]] = []
        var beforeLine: Int64?
        repeat {
            let page = try await store.deliveryLog(DeliveryLogFilter(beforeLine: beforeLine, limit: 2))
            pages.append(page.map(\.toState))
            #expect(page.allSatisfy { $0.line != nil } && page.map(\.line) == page.map(\.line).sorted { ($0 ?? 0) < ($1 ?? 0) })
            beforeLine = page.count == 2 ? page.first?.line : nil
        } while beforeLine != nil
        #expect(Array(pages.reversed().joined()) == log.map(\.toState))
        #expect(pages.dropLast().allSatisfy { $0.count == 2 })
    }

    @Test("the daily cap is counted in the store across owners; a send that fails gives its place back", arguments: StoreKind.allCases)
    func dailyCap(kind: StoreKind) async throws {
        let store = try await store(with: [O.message("m1", due: -16), O.message("m2", due: -15, items: ["b"]),
                                           O.message("m3", due: -14, items: ["c"])], kind)
        let now = Self.base.addingTimeInterval(-3600)
        func claim(_ owner: String) async throws -> ClaimBatch {
            try await store.claim(ClaimRequest(now: now, limit: 1, owner: owner, leaseUntil: now.addingTimeInterval(60), phoneCap: 2))
        }
        #expect(try await claim("A").messages.map(\.key) == ["m1"])
        #expect(try await claim("B").messages.map(\.key) == ["m2"])
        // m3's event begins at 09.00 today: the next morning's sends come too late for it.
        let capped = try await claim("C")
        #expect(capped.messages.isEmpty && capped.expired == 1)
        #expect(try await store.outboxMessage(key: "m3")?.state == .expired)
        #expect(try await store.phoneDaySends(O.message("x", due: 0).phone, on: now) == 2)
        // A failed send was not sent: its place goes back.
        #expect(try await store.finishAttempt(attempt("m2", owner: "B", .failed, at: now)))
        #expect(try await store.phoneDaySends(O.message("x", due: 0).phone, on: now) == 1)
        #expect(try await store.finishAttempt(attempt("m1", owner: "A", .accepted(providerID: nil), at: now)))
        #expect(try await store.phoneDaySends(O.message("x", due: 0).phone, on: now) == 1)
        let log = try await store.deliveryLog(DeliveryLogFilter())
        #expect(log.contains { $0.messageKey == "m3" && $0.detail == "daily cap for this phone reached" })
    }

    @Test("a message whose households all opted out is settled by the claim, not sent", arguments: StoreKind.allCases)
    func optOutAtClaim(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.apply(RosterFixture.update)
        _ = try await store.recordConsent(.optedOut, householdID: "H1")
        _ = try await store.commit([O.message("m1", due: -16), O.message("m3", due: -15, items: ["x"])], source: "planner",
                                   groupID: "G1", window: O.window, stale: [], at: O.base)
        let now = Self.base.addingTimeInterval(-3600)
        let batch = try await store.claim(ClaimRequest(now: now, limit: 5, owner: "A", leaseUntil: now.addingTimeInterval(60)))
        #expect(batch.messages.map(\.key) == [] && batch.optedOut == 2)
        #expect(try await store.outboxMessage(key: "m1")?.state == .optedOut)
    }

    @Test("reports never move a status backwards; unknown messages are reported as such", arguments: StoreKind.allCases)
    func reports(kind: StoreKind) async throws {
        let store = try await store(with: [O.message("m1", due: -16), O.message("m2", due: -16, items: ["b"])], kind)
        let now = Self.base.addingTimeInterval(-3600)
        _ = try await store.claim(now: now, limit: 2, owner: "A", leaseUntil: now.addingTimeInterval(60))
        _ = try await store.finishAttempt(attempt("m1", .accepted(providerID: "wamid.1"), at: now))
        _ = try await store.finishAttempt(attempt("m2", .accepted(providerID: nil), at: now))
        // Kannel's delivered (1) arrives before accepted-by-SMSC (8).
        #expect(try await store.applyReport(DeliveryReport(match: .key("m1"), state: .delivered, at: now, detail: "1")) == .applied(from: .accepted))
        #expect(try await store.applyReport(DeliveryReport(match: .key("m1"), state: .accepted, at: now, detail: "8")) == .ignored(current: .delivered))
        #expect(try await store.outboxMessage(key: "m1")?.state == .delivered)
        #expect(try await store.applyReport(DeliveryReport(match: .providerID("wamid.1"), state: .failed, at: now, detail: "late")) == .ignored(current: .delivered))
        #expect(try await store.applyReport(DeliveryReport(match: .key("none"), state: .delivered, at: now, detail: "")) == .unknownMessage)
        // No final report for m2: after the timeout it is unconfirmed, a clear state.
        #expect(try await store.markUnconfirmed(acceptedBefore: now.addingTimeInterval(1), now: now.addingTimeInterval(2)) == 1)
        #expect(try await store.outboxMessage(key: "m2")?.state == .unconfirmed)
        #expect(try await store.sentCount(to: O.message("x", due: 0).phone, in: DateInterval(start: now, duration: 60)) == 2)
    }

    @Test("a message never goes out after its expiry", arguments: StoreKind.allCases)
    func expiry(kind: StoreKind) async throws {
        let store = try await store(with: [O.message("m1", due: -16)], kind)  // expires at base
        #expect(try await store.claim(now: Self.base, limit: 1, owner: "A", leaseUntil: Self.base.addingTimeInterval(60)).isEmpty)
        #expect(try await store.expireOverdue(now: Self.base) == 1)
        #expect(try await store.outboxMessage(key: "m1")?.state == .expired)
        #expect(try await store.nextDue() == nil)
    }

    @Test("the expiry sweep ends queued messages and abandoned claims past expiry, and nothing else", arguments: StoreKind.allCases)
    func expirySweep(kind: StoreKind) async throws {
        // All four expire at base, all for one phone.
        let store = try await store(with: [O.message("abandoned", due: -4), O.message("live", due: -3, items: ["b"]),
                                           O.message("accepted", due: -2, items: ["c"]), O.message("queued", due: -1, items: ["d"])], kind)
        let now = Self.base.addingTimeInterval(-3600)
        func claim(_ owner: String, leaseUntil: Date) async throws -> [String] {
            try await store.claim(ClaimRequest(now: now, limit: 1, owner: owner, leaseUntil: leaseUntil, phoneCap: 10)).messages.map(\.key)
        }
        #expect(try await claim("A", leaseUntil: now.addingTimeInterval(60)) == ["abandoned"])
        #expect(try await claim("B", leaseUntil: Self.base.addingTimeInterval(600)) == ["live"])
        #expect(try await claim("C", leaseUntil: now.addingTimeInterval(60)) == ["accepted"])
        #expect(try await store.finishAttempt(attempt("accepted", owner: "C", .accepted(providerID: "p-9"), at: now)))
        let phone = O.message("x", due: 0).phone
        #expect(try await store.phoneDaySends(phone, on: now) == 3)

        #expect(try await store.expireOverdue(now: Self.base) == 2)
        #expect(try await store.outboxMessage(key: "abandoned")?.state == .expired)
        #expect(try await store.outboxMessage(key: "queued")?.state == .expired)
        // B's lease still runs at base: its send may be under way, and its outcome decides.
        #expect(try await store.outboxMessage(key: "live")?.state == .sending)
        #expect(try await store.outboxMessage(key: "accepted")?.state == .accepted)
        // The abandoned claim gives its send back; the live claim and the accepted send keep theirs.
        #expect(try await store.phoneDaySends(phone, on: now) == 2)
        #expect(try await store.expireOverdue(now: Self.base) == 0)
        // The accepted message is still found by its provider id, and is still awaiting a report.
        #expect(try await store.applyReport(DeliveryReport(match: .providerID("p-9"), state: .delivered, at: Self.base, detail: "1"))
                == .applied(from: .accepted))
        #expect(try await store.markUnconfirmed(acceptedBefore: Self.base.addingTimeInterval(1), now: Self.base) == 0)
    }
}

@Suite("Dispatch store: reports that overtake their send")
struct OvertakingReportTests {
    @Test("a delivery report before the send's outcome is recorded: delivered stands, the attempt is logged", arguments: StoreKind.allCases)
    func reportFirst(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.commit([OutboxContractTests.message("m1", due: -16)], source: "planner", groupID: "G1",
                                   window: OutboxContractTests.window, stale: [], at: OutboxContractTests.window.start)
        let now = OutboxContractTests.base.addingTimeInterval(-3600)
        _ = try await store.claim(now: now, limit: 1, owner: "A", leaseUntil: now.addingTimeInterval(60))
        #expect(try await store.applyReport(DeliveryReport(match: .key("m1"), state: .delivered, at: now, detail: "1")) == .applied(from: .sending))
        #expect(try await store.finishAttempt(AttemptRecord(key: "m1", owner: "A", gateway: "kannel", at: now, httpStatus: 202,
                                                            latency: 0.01, error: nil, consequence: .accepted(providerID: nil))))
        let message = try await store.outboxMessage(key: "m1")
        #expect(message?.state == .delivered)
        #expect(message?.attempts == 1)
        let log = try await store.deliveryLog(DeliveryLogFilter())
        #expect(log.filter { $0.event == .attempt }.count == 1)
        // The claim ended: nobody can claim or record it again.
        #expect(try await store.finishAttempt(AttemptRecord(key: "m1", owner: "A", gateway: "kannel", at: now, httpStatus: 202,
                                                            latency: 0.01, error: nil, consequence: .failed)) == false)
    }
}
