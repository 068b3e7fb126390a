import Foundation
import PengingatCore
import PengingatOutbox
import Testing

/// The outbox's rules, once: every store persists what these decide.
@Suite("Outbox rules")
struct OutboxRulesTests {
    static let base = Date(timeIntervalSince1970: 1_796_695_200)  // 8 December 2026 09.00 WIB
    static let phone = try! PhoneNumber(parsing: "081234567890")
    static let otherPhone = try! PhoneNumber(parsing: "085712345678")

    static func message(_ key: String, text: String = "Ibu Ani, besok P2K2.", state: OutboxState = .queued,
                        source: String = "planner", attempts: Int = 0) -> OutboxMessage {
        var message = OutboxMessage(
            key: key, source: source, phone: phone, channel: .sms, language: .indonesian, groupID: "G1",
            dueAt: base, expiresAt: base.addingTimeInterval(86_400 * 3), priority: 5, state: state, text: text, segments: 1,
            encoding: "GSM-7", items: [OutboxItem(key: "i-\(key)", householdID: "H1", eventKey: "G1/2026-12", eventAt: base,
                                                  kind: "p2k2-reminder-day-before")])
        message.attempts = attempts
        return message
    }

    // MARK: - Plan commit

    @Test("a plan inserts new keys, leaves equal ones, rewrites changed pending ones with their attempts, skips those underway")
    func planCommit() {
        let stored = [
            "same": Self.message("same"),
            "changed": Self.message("changed", attempts: 2),
            "withdrawn": Self.message("withdrawn", state: .cancelled),
            "sent": Self.message("sent", state: .accepted),
        ]
        let planned = [Self.message("new"), Self.message("same"), Self.message("changed", text: "Baru"),
                       Self.message("withdrawn"), Self.message("sent", text: "Baru")]
        let changes = PlanCommitRule.changes(planned: planned, stored: stored, pendingInWindow: [], stale: [], source: "planner",
                                             at: Self.base)
        #expect(changes.writes.map(\.message.key) == ["new", "changed", "withdrawn"])
        guard case .rewrite(let rewritten) = changes.writes[1] else {
            Issue.record("the changed message is not a rewrite")
            return
        }
        #expect(rewritten.text == "Baru")
        #expect(rewritten.attempts == 2)
        #expect(changes.writes[2].message.state == .queued)
        #expect(changes.summary.inserted == 1)
        #expect(changes.summary.updated == 2)
        #expect(changes.summary.unchanged == 1)
        #expect(changes.summary.alreadyUnderway == 1)
        #expect(changes.withdrawals.isEmpty)
    }

    @Test("pending messages the plan dropped are withdrawn once; a stale one only when queued and of the source")
    func planWithdrawals() {
        let stored = [
            "overdue": Self.message("overdue"),
            "other-source": Self.message("other-source", source: "broadcast"),
            "sent-stale": Self.message("sent-stale", state: .accepted),
            "both": Self.message("both"),
        ]
        let changes = PlanCommitRule.changes(
            planned: [Self.message("kept")], stored: stored, pendingInWindow: ["dropped", "kept", "both"],
            stale: ["overdue", "other-source", "sent-stale", "both", "kept"], source: "planner", at: Self.base)
        #expect(changes.withdrawals.map(\.messageKey) == ["dropped", "both", "overdue"])
        #expect(changes.withdrawals.map(\.detail) == [
            "no longer in the plan", "no longer in the plan", "its meeting moved or was cancelled",
        ])
        #expect(changes.withdrawals.allSatisfy { $0.fromState == .queued && $0.toState == .cancelled && $0.at == Self.base })
        #expect(changes.summary.withdrawn == 3)
        #expect(changes.summary.written == 4)
    }

    @Test("a key planned twice meets what its first copy wrote")
    func plannedTwice() {
        let changes = PlanCommitRule.changes(
            planned: [Self.message("k"), Self.message("k"), Self.message("k", text: "Baru")], stored: [:], pendingInWindow: [],
            stale: [], source: "planner", at: Self.base)
        #expect(changes.writes.count == 2)
        #expect(changes.summary.inserted == 1)
        #expect(changes.summary.unchanged == 1)
        #expect(changes.summary.updated == 1)
    }

    // MARK: - Attempts and reports

    static func attempt(_ consequence: AttemptRecord.Consequence, at: Date = base) -> AttemptRecord {
        AttemptRecord(key: "m1", owner: "A", gateway: "kannel", at: at, httpStatus: 202, latency: 0.0125, error: nil,
                      consequence: consequence)
    }

    @Test("an attempt writes one log line that carries its state change")
    func attemptOutcome() {
        let outcome = AttemptRule.outcome(of: Self.attempt(.accepted(providerID: "p-1")), current: .sending)
        #expect(outcome.state == .accepted)
        #expect(outcome.providerID == "p-1")
        #expect(outcome.sentAt == Self.base)
        #expect(outcome.keepsPhoneDaySend)
        #expect(outcome.logEntry == DeliveryLogEntry(
            messageKey: "m1", at: Self.base, event: .attempt, gateway: "kannel", httpStatus: 202, latencyMilliseconds: 12,
            fromState: .sending, toState: .accepted))
    }

    @Test("a report that overtook its own send keeps its status; the attempt is still logged")
    func overtaken() {
        let outcome = AttemptRule.outcome(of: Self.attempt(.accepted(providerID: "p-1")), current: .delivered)
        #expect(outcome.state == .delivered)
        #expect(outcome.providerID == "p-1")
        #expect(outcome.logEntry.event == .attempt)
        #expect(outcome.logEntry.toState == nil)
        let failed = AttemptRule.outcome(of: Self.attempt(.failed), current: .delivered)
        #expect(failed.state == .delivered)
        #expect(!failed.keepsPhoneDaySend)
    }

    @Test("a retry is never claimed before its time, and gives the phone's send back")
    func retry() {
        let outcome = AttemptRule.outcome(of: Self.attempt(.retry(at: Self.base.addingTimeInterval(30.2))), current: .sending)
        #expect(outcome.state == .queued)
        #expect(outcome.nextAttemptAt == Self.base.addingTimeInterval(31))
        #expect(!outcome.keepsPhoneDaySend)
        #expect(outcome.sentAt == nil)
    }

    @Test("a report moves a status forward only", arguments: [
        (OutboxState.accepted, OutboxState.delivered, true), (.sending, .delivered, true), (.delivered, .accepted, false),
        (.delivered, .failed, false), (.failed, .delivered, false), (.queued, .accepted, true), (.accepted, .accepted, false),
    ])
    func report(current: OutboxState, reported: OutboxState, applies: Bool) {
        let decision = ReportRule.decide(DeliveryReport(match: .key("m1"), state: reported, at: Self.base, detail: "DLR"),
                                         key: "m1", current: current)
        #expect(decision.newState == (applies ? reported : nil))
        #expect(decision.outcome == (applies ? .applied(from: current) : .ignored(current: current)))
        #expect(decision.logEntry.event == .report)
        #expect(decision.logEntry.fromState == (applies ? current : nil))
    }

    // MARK: - Claims, opt-out and the daily cap

    static func candidate(_ key: String, phone: PhoneNumber = phone, state: OutboxState = .queued, heldDay: Int? = nil,
                          onRoster: Int = 1, reachable: Int = 1, source: String = "planner", email: EmailEnvelope? = nil,
                          expiresIn: TimeInterval = 86_400 * 3) -> ClaimCandidate {
        ClaimCandidate(
            message: ClaimedMessage(key: key, source: source, phone: phone, channel: .sms, text: "Ibu", expiresAt: base.addingTimeInterval(expiresIn),
                                    attempts: 0, whatsAppTemplates: [], email: email),
            state: state, heldDay: heldDay, householdsOnRoster: onRoster, householdsReachable: reachable)
    }

    @Test("the WIB day starts at 17.00 UTC")
    func wibDay() {
        let midnightWIB = 1_796_662_800  // 8 December 2026 00.00 WIB
        #expect(PhoneDay.day(containing: Self.base) == midnightWIB)
        #expect(PhoneDay.day(containing: Date(timeIntervalSince1970: TimeInterval(midnightWIB))) == midnightWIB)
        #expect(PhoneDay.day(containing: Date(timeIntervalSince1970: TimeInterval(midnightWIB - 1))) == midnightWIB - 86_400)
    }

    @Test("the cap counts what the store holds and what this batch takes; the rest waits for 07.00 WIB tomorrow")
    func cap() {
        let today = PhoneDay.day(containing: Self.base)
        let decision = ClaimRule.decide(
            [Self.candidate("a"), Self.candidate("b"), Self.candidate("c"), Self.candidate("d", phone: Self.otherPhone)],
            sends: [PhoneDay(phone: Self.phone.e164, day: today): 1], cap: 2, owner: "A", now: Self.base)
        #expect(decision.claimed.map(\.key) == ["a", "d"])
        #expect(decision.deferred.map(\.key) == ["b", "c"])
        #expect(decision.deferred.first?.until == Date(timeIntervalSince1970: TimeInterval(today + 86_400 + 7 * 3600)))
        #expect(decision.phoneDayChanges == [PhoneDay(phone: Self.phone.e164, day: today): 1,
                                              PhoneDay(phone: Self.otherPhone.e164, day: today): 1])
        #expect(decision.holds == ["a": today, "d": today])
        #expect(decision.log.map(\.toState) == [.sending, .queued, .queued, .sending])
    }

    @Test("a message that would wait past its expiry for tomorrow's sends expires instead")
    func capExpires() {
        let decision = ClaimRule.decide([Self.candidate("a", expiresIn: 3600)],
                                        sends: [PhoneDay(phone: Self.phone.e164, day: PhoneDay.day(containing: Self.base)): 2],
                                        cap: 2, owner: "A", now: Self.base)
        #expect(decision.expired == ["a"])
        #expect(decision.claimed.isEmpty)
    }

    @Test("a reclaimed message keeps today's send; one held since yesterday gives it back and takes a new one")
    func reclaims() {
        let today = PhoneDay.day(containing: Self.base)
        let decision = ClaimRule.decide(
            [Self.candidate("today", state: .sending, heldDay: today),
             Self.candidate("yesterday", state: .sending, heldDay: today - 86_400)],
            sends: [PhoneDay(phone: Self.phone.e164, day: today): 2], cap: 2, owner: "B", now: Self.base)
        #expect(decision.claimed.map(\.key) == ["today"])
        #expect(decision.deferred.map(\.key) == ["yesterday"])
        #expect(decision.phoneDayChanges == [PhoneDay(phone: Self.phone.e164, day: today - 86_400): -1])
        #expect(decision.log.first?.detail == "reclaimed by B after the lease ended")
    }

    @Test("opted out when every household on the roster has; a message naming nobody on the roster still goes")
    func optOut() {
        let decision = ClaimRule.decide(
            [Self.candidate("stop", reachable: 0), Self.candidate("one-left", onRoster: 2, reachable: 1),
             Self.candidate("nobody", onRoster: 0, reachable: 0)],
            sends: [:], cap: 5, owner: "A", now: Self.base)
        #expect(decision.optedOut == ["stop"])
        #expect(decision.claimed.map(\.key) == ["one-left", "nobody"])
        #expect(decision.log.first?.toState == .optedOut)
    }

    @Test("e-mails and answers to a household's own message are neither capped nor counted")
    func exempt() {
        let decision = ClaimRule.decide(
            [Self.candidate("answer", source: ClaimedMessage.replySource),
             Self.candidate("digest", email: EmailEnvelope(address: "f@example.org", subject: "Ringkasan"))],
            sends: [PhoneDay(phone: Self.phone.e164, day: PhoneDay.day(containing: Self.base)): 9], cap: 2, owner: "A", now: Self.base)
        #expect(decision.claimed.map(\.key) == ["answer", "digest"])
        #expect(decision.phoneDayChanges.isEmpty)
        #expect(decision.holds.isEmpty)
    }

    @Test("whatever the batch, no phone gets more than its day's sends left")
    func capProperty() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let phones = (0..<4).map { try! PhoneNumber(parsing: "08121111000\($0)") }
        let today = PhoneDay.day(containing: Self.base)
        for _ in 0..<200 {
            let cap = 1 + next(3)
            var sends: [PhoneDay: Int] = [:]
            for phone in phones { sends[PhoneDay(phone: phone.e164, day: today)] = next(cap + 1) }
            let candidates = (0..<(1 + next(12))).map { index in
                Self.candidate("m\(index)", phone: phones[next(phones.count)], state: next(4) == 0 ? .sending : .queued,
                               heldDay: next(5) == 0 ? today : nil, reachable: next(6) == 0 ? 0 : 1)
            }
            let decision = ClaimRule.decide(candidates, sends: sends, cap: cap, owner: "A", now: Self.base)
            for phone in phones {
                let phoneDay = PhoneDay(phone: phone.e164, day: today)
                // Taken: claims that held nothing today; given back: today's holds of messages that opted out.
                let ofPhone = candidates.filter { $0.message.phone == phone }
                let claimed = Set(decision.claimed.map(\.key))
                let taken = ofPhone.filter { claimed.contains($0.message.key) && $0.heldDay != today }.count
                let givenBack = ofPhone.filter { $0.heldDay == today && decision.optedOut.contains($0.message.key) }.count
                #expect(taken - givenBack == decision.phoneDayChanges[phoneDay, default: 0])
                #expect(sends[phoneDay, default: 0] + decision.phoneDayChanges[phoneDay, default: 0] <= max(cap, sends[phoneDay, default: 0]))
            }
            let settled = decision.claimed.count + decision.optedOut.count + decision.deferred.count + decision.expired.count
            #expect(settled == candidates.count)
            #expect(decision.log.count == candidates.count)
        }
    }
}
