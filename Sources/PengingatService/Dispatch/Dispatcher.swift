import Foundation
import Logging
import Metrics
import PengingatCore
import PengingatGateways
import PengingatStore
import ServiceLifecycle
import Synchronization

/// Takes due messages from the outbox and sends them: claims with a lease, sends with bounded
/// concurrency through each channel's gateways in order, retries with backoff, and records
/// every attempt and status change in the delivery log. A `Service`: on graceful shutdown it
/// stops claiming, lets what is in flight finish, and gives back anything it did not send.
public struct Dispatcher: Service {
    public struct Configuration: Sendable {
        public var concurrency: Int
        public var lease: TimeInterval
        public var maxAttempts: Int
        public var backoffInitial: TimeInterval
        public var backoffMax: TimeInterval
        public var reportTimeout: TimeInterval
        public var pollInterval: TimeInterval
        /// Gateways to try in order, per channel.
        public var channels: [Household.Channel: [String]]
        /// Gateways for messages that go by e-mail (facilitator digests).
        public var emailGateways: [String]
        /// When set, every message goes through this gateway only.
        public var onlyGateway: String?
        public var maxMessagesPerPhonePerDay: Int
        /// Identifies this dispatcher's claims.
        public var owner: String

        public init(
            concurrency: Int = 32, lease: TimeInterval = 120, maxAttempts: Int = 6, backoffInitial: TimeInterval = 30,
            backoffMax: TimeInterval = 3600, reportTimeout: TimeInterval = 48 * 3600, pollInterval: TimeInterval = 5,
            channels: [Household.Channel: [String]] = [.sms: ["file"], .whatsapp: ["file"]], onlyGateway: String? = nil,
            maxMessagesPerPhonePerDay: Int = 2, emailGateways: [String] = ["file"],
            owner: String = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt16.random(in: 0...UInt16.max))"
        ) {
            self.concurrency = concurrency
            self.lease = lease
            self.maxAttempts = maxAttempts
            self.backoffInitial = backoffInitial
            self.backoffMax = backoffMax
            self.reportTimeout = reportTimeout
            self.pollInterval = pollInterval
            self.channels = channels
            self.emailGateways = emailGateways
            self.onlyGateway = onlyGateway
            self.maxMessagesPerPhonePerDay = maxMessagesPerPhonePerDay
            self.owner = owner
        }

        /// From the configuration file's `dispatch` and `reminders` sections.
        public init(_ settings: PengingatConfiguration, onlyGateway: String? = nil) {
            self.init(
                concurrency: settings.dispatch.concurrency, lease: settings.dispatch.leaseSeconds,
                maxAttempts: settings.dispatch.maxAttempts, backoffInitial: settings.dispatch.backoffInitialSeconds,
                backoffMax: settings.dispatch.backoffMaxSeconds, reportTimeout: settings.dispatch.reportTimeoutHours * 3600,
                pollInterval: settings.dispatch.pollSeconds,
                channels: Dictionary(uniqueKeysWithValues: settings.dispatch.channels.compactMap { name, gateways in
                    Household.Channel(rawValue: name).map { ($0, gateways) }
                }), onlyGateway: onlyGateway, maxMessagesPerPhonePerDay: settings.reminders.maxMessagesPerPhonePerDay,
                emailGateways: settings.dispatch.channels["email"] ?? [])
        }
    }

    /// What a drain (`kirim --sekali`) did.
    public struct Summary: Sendable, Equatable {
        public var accepted = 0
        public var retried = 0
        public var failed = 0
        public var expired = 0
        public var optedOut = 0

        public init() {}
    }

    let store: any PengingatStore
    let gateways: GatewayRegistry
    let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date
    /// When set, nothing is sent before the delivery-report listener is bound.
    let reportListener: ListenerReadiness?
    private let inFlight = InFlight()
    private let recorder: AttemptRecorder
    /// `concurrency` requests at the gateways at once. A send task holds a permit only while
    /// its gateway answers, not while the outcome is recorded (a group commit), so up to twice
    /// as many tasks run as there are permits and a slot is never idle waiting on the store.
    private let permits: SendPermits

    private let metrics: DispatchMetrics

    /// `metricsFactory`: where the counters go; the process's (`MetricsSystem.bootstrap` in main)
    /// unless a test gives its own.
    public init(store: any PengingatStore, gateways: GatewayRegistry, configuration: Configuration, logger: Logger,
                now: @escaping @Sendable () -> Date = SystemClock.now, reportListener: ListenerReadiness? = nil,
                metricsFactory: (any MetricsFactory)? = nil) {
        self.metrics = DispatchMetrics(gateways: gateways.names, factory: metricsFactory ?? MetricsSystem.factory)
        self.reportListener = reportListener
        self.store = store
        self.gateways = gateways
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.recorder = AttemptRecorder(store: store)
        self.permits = SendPermits(configuration.concurrency)
    }

    /// Runs until cancelled or gracefully shut down. A store that is briefly unavailable
    /// (locked, full disk, PostgreSQL restarting) is waited out, however long it takes.
    public func run() async throws {
        _ = try await loop(untilIdle: false, outageLimit: nil)
    }

    /// Sends everything due now, waits for it, and returns: `pengingat kirim --sekali`.
    /// A store outage longer than `outageLimit` seconds ends the drain with the store's error.
    public func drain(outageLimit: TimeInterval = 60) async throws -> Summary {
        try await loop(untilIdle: true, outageLimit: outageLimit)
    }

    private func loop(untilIdle: Bool, outageLimit: TimeInterval?) async throws -> Summary {
        if let reportListener {
            do { try await cancelWhenGracefulShutdown { try await reportListener.wait() } } catch is CancellationError { return Summary() }
        }
        let summary = SummaryBox()
        let outage = StoreOutage(limit: outageLimit, logger: logger)
        let queue = SendQueue()
        // Claimed and not finished, at most: the sends in flight, as many recording their outcome,
        // and one `concurrency` claimed ahead, so a claim's round trips (tens of milliseconds on a
        // busy PostgreSQL) overlap the sends instead of leaving workers idle while it runs.
        let capacity = 3 * configuration.concurrency
        // Claim in batches (when this much room is free, or when idle): one transaction for many
        // messages instead of one per message.
        let claimWhenRoom = max(1, configuration.concurrency / 2)
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await renewLeases() }
                try await withTaskCancellationHandler {
                    try await withThrowingTaskGroup(of: Void.self) { workers in
                        // Twice as many workers as send permits: a worker holds its permit only
                        // while its gateway answers, then records the outcome (a group commit)
                        // while another uses the permit.
                        for _ in 0..<(2 * configuration.concurrency) {
                            workers.addTask { await sendWorker(queue, summary) }
                        }
                        // On a throw too: the group then waits for its workers, and a worker
                        // waiting for a message wakes only when the queue closes.
                        defer { queue.close() }
                        try await claimLoop(queue, capacity: capacity, claimWhenRoom: claimWhenRoom, untilIdle: untilIdle,
                                            summary: summary, outage: outage)
                        // Stopping or idle: workers finish what they hold, then return.
                        queue.close()
                        try await workers.waitForAll()
                        if let failure = queue.failure { throw failure }
                    }
                } onCancel: {
                    queue.close()
                }
                group.cancelAll()
            }
        } onGracefulShutdown: { [logger, inFlight] in
            // Said when the request arrives, not when the loop next wakes (a slow send can hold it):
            // an operator watching the log knows the stop was heard.
            logger.info("stopping: sends in flight finish, claimed messages go back to the queue",
                        metadata: ["dispatch.claimed": "\(inFlight.all.count)"])
            queue.close()
        }
        let leftovers = inFlight.all
        if !leftovers.isEmpty {
            do {
                _ = try await store.release(keys: leftovers, owner: configuration.owner, at: now())
            } catch let error as StoreError where error.isTransient || error.isCancellation {
                // Their leases run out instead; another run claims them then.
                logger.warning("claims not given back; they return when their leases end", metadata: [
                    "dispatch.messages": "\(leftovers.count)", "error.code": "\(error.code)",
                ])
            }
        }
        return summary.value.withLock { $0 }
    }

    /// Claims due messages into `queue` while there is room, until stopped, cancelled, a worker
    /// fails, or (`untilIdle`) nothing is left that is due.
    private func claimLoop(
        _ queue: SendQueue, capacity: Int, claimWhenRoom: Int, untilIdle: Bool, summary: SummaryBox, outage: StoreOutage
    ) async throws {
        var lastHousekeeping = Date.distantPast
        while !Task.isCancelled && !Task.isShuttingDownGracefully && queue.failure == nil {
            let outstanding = queue.outstanding
            let room = capacity - outstanding
            var claimed = 0
            let claiming = room > 0 && (outstanding == 0 || room >= claimWhenRoom)
            if claiming {
                do {
                    let moment = now()
                    if moment.timeIntervalSince(lastHousekeeping) >= 1 || outstanding == 0 {
                        lastHousekeeping = moment
                        let expired = try await store.expireOverdue(now: moment)
                        summary.value.withLock { $0.expired += expired }
                        _ = try await store.markUnconfirmed(
                            acceptedBefore: moment.addingTimeInterval(-configuration.reportTimeout), now: moment)
                    }
                    // Opt-out and the phone's daily cap are settled inside the claim, across
                    // every dispatcher sharing the store.
                    let batch = try await store.claim(ClaimRequest(
                        now: moment, limit: room, owner: configuration.owner,
                        leaseUntil: moment.addingTimeInterval(configuration.lease),
                        phoneCap: configuration.maxMessagesPerPhonePerDay))
                    summary.value.withLock { $0.count(batch) }
                    for message in batch.messages { inFlight.insert(message.key) }
                    queue.push(batch.messages)
                    claimed = batch.messages.count
                    outage.ended()
                } catch let error as StoreError where error.isCancellation {
                    // Cancelled mid-write: a shutdown, not a store failure.
                    return
                } catch let error as StoreError where error.isTransient {
                    // Sends in flight keep going meanwhile; only claiming waits.
                    if outstanding == 0 { try await outage.wait(after: error) } else { try outage.check(error) }
                }
            }
            if outstanding + claimed > 0 {
                // Wait for room for the next claim; after a claim that found nothing (or failed),
                // for one send to finish, then look again.
                let emptyHanded = claiming && claimed == 0
                await queue.wait(untilOutstandingAtMost: emptyHanded ? outstanding - 1 : capacity - claimWhenRoom)
                continue
            }
            if untilIdle {
                // A retry due by now belongs to this drain; anything later does not.
                do {
                    if let next = try await store.nextDue(), next <= now() { continue }
                } catch let error as StoreError where error.isTransient {
                    try await outage.wait(after: error)
                    continue
                }
                return
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(configuration.pollInterval)) }
        }
    }

    /// One of the dispatcher's send workers: takes claimed messages one after the other and
    /// sends each, until the queue closes.
    private func sendWorker(_ queue: SendQueue, _ summary: SummaryBox) async {
        while let message = await queue.next() {
            var givenBack = false
            defer {
                if !givenBack { inFlight.remove(message.key) }
                queue.done()
            }
            do {
                let consequence = try await dispatch(message)
                summary.value.withLock { $0.count(consequence) }
            } catch is NotSent {
                // It stays in `inFlight`: its claim is released when the dispatcher stops.
                givenBack = true
            } catch let error as StoreError where error.isCancellation {
                // Cancelled while recording: the claim stays until its lease ends.
            } catch let error as StoreError where error.isTransient {
                // Not recorded: the claim stays until its lease ends, then this
                // message is claimed and sent again. At worst a duplicate, never a loss.
                logger.error("outcome not recorded; the message will be sent again after its lease", metadata: [
                    "dispatch.message": "\(message.key)", "error.code": "\(error.code)",
                    "error.detail": "\(error.detail)",
                ])
            } catch {
                queue.fail(error)
                return
            }
        }
    }

    /// Keeps the claims of slow sends alive, so another dispatcher does not take them over.
    private func renewLeases() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(max(1, configuration.lease / 3)))
            } catch {
                return
            }
            let keys = inFlight.all
            guard !keys.isEmpty else { continue }
            do {
                _ = try await store.renewLease(keys: keys, owner: configuration.owner,
                                               until: now().addingTimeInterval(configuration.lease))
            } catch {
                // The next renewal tries again; a lease that ends meanwhile means a possible
                // duplicate send, which the outbox key lets the provider drop.
                logger.warning("leases not renewed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// A message that waited for a send permit until the dispatcher began to stop.
    struct NotSent: Error {}

    /// Sends one claimed message through its channel's gateways and records the outcome.
    func dispatch(_ message: ClaimedMessage) async throws -> AttemptRecord.Consequence {
        if message.expiresAt <= now() {
            return try await finish(message, gateway: "-", result: nil, consequence: .expired, error: "its event has begun")
        }
        return try await send(message)
    }

    /// Tries the channel's gateways in order and records the outcome.
    private func send(_ message: ClaimedMessage) async throws -> AttemptRecord.Consequence {
        let chain = configuration.onlyGateway.map { [$0] }
            ?? (message.email != nil ? configuration.emailGateways : configuration.channels[message.channel] ?? [])
        var lastResult: GatewayResult?
        var lastGateway = chain.last ?? "-"
        var reopenAt: Date?
        for (index, name) in chain.enumerated() {
            guard let entry = gateways.entries[name] else { continue }
            guard await entry.breaker.allow(now: now()) else {
                reopenAt = [reopenAt, await entry.breaker.reopensAt()].compactMap { $0 }.min()
                continue
            }
            // Read before taking a permit: the permit is for the send alone.
            var lastInbound: Date?
            if let label = entry.gateway.inboundLabel {
                lastInbound = try await store.lastReplyAt(from: message.phone, gateway: label)
            }
            await entry.limiter.acquire()
            await permits.acquire()
            if lastResult == nil && (Task.isShuttingDownGracefully || Task.isCancelled) {
                // Stopping while this message waited for a permit: it goes back to the queue unsent.
                permits.release()
                throw NotSent()
            }
            let result = await entry.gateway.send(GatewayMessage(
                id: message.key, phone: message.phone,
                text: entry.isSMS ? SMSText.mappingTypography(message.text) : message.text,
                whatsAppTemplates: message.whatsAppTemplates,
                email: message.email.map { ($0.address, $0.subject) }, lastInbound: lastInbound, at: now()))
            permits.release()
            await entry.breaker.record(result, now: now())
            lastResult = result
            lastGateway = name
            let isLast = index == chain.count - 1
            switch result.outcome {
            case .accepted(let providerID):
                return try await finish(message, gateway: name, result: result, consequence: .accepted(providerID: providerID))
            case .permanent:
                return try await finish(message, gateway: name, result: result, consequence: .failed)
            case .notReachableHere where !isLast:
                try await logAttempt(message, gateway: name, result: result)
                continue
            case .retryable where !isLast && (result.httpStatus == nil || (result.httpStatus ?? 0) >= 500):
                // The gateway is down or broken: the next one may carry it now.
                try await logAttempt(message, gateway: name, result: result)
                continue
            case .notReachableHere:
                return try await finish(message, gateway: name, result: result, consequence: .failed)
            case .retryable(let retryAfter):
                return try await finish(message, gateway: name, result: result,
                                        consequence: retryConsequence(message, retryAfter: retryAfter))
            }
        }
        if lastResult == nil {
            // Every gateway of the channel has its circuit open: wait for the first to reopen.
            let at = reopenAt ?? now().addingTimeInterval(configuration.backoffInitial)
            return try await finish(message, gateway: lastGateway, result: nil,
                                    consequence: at < message.expiresAt ? .retry(at: at) : .expired,
                                    error: chain.isEmpty ? "no gateway for channel \(message.channel.rawValue)" : "every gateway is down")
        }
        return try await finish(message, gateway: lastGateway, result: lastResult, consequence: retryConsequence(message, retryAfter: nil))
    }

    /// Exponential backoff with jitter, at least the provider's Retry-After, never past the
    /// expiry and never more than the allowed attempts.
    func retryConsequence(_ message: ClaimedMessage, retryAfter: TimeInterval?) -> AttemptRecord.Consequence {
        let attempt = message.attempts + 1
        guard attempt < configuration.maxAttempts else { return .failed }
        let base = min(configuration.backoffMax, configuration.backoffInitial * pow(2, Double(attempt - 1)))
        let delay = max(base * Double.random(in: 0.5...1.0), retryAfter ?? 0)
        let at = now().addingTimeInterval(delay)
        return at < message.expiresAt ? .retry(at: at) : .expired
    }

    private func finish(
        _ message: ClaimedMessage, gateway: String, result: GatewayResult?, consequence: AttemptRecord.Consequence,
        error: String? = nil
    ) async throws -> AttemptRecord.Consequence {
        let attempt = AttemptRecord(
            key: message.key, owner: configuration.owner, gateway: gateway, at: now(), httpStatus: result?.httpStatus,
            latency: result?.latency ?? 0, error: error ?? result?.error, consequence: consequence)
        // The message has gone out: keep trying to write that down while the claim still holds.
        let recorded = try await StoreOutage.retrying(for: configuration.lease / 2) { try await recorder.record(attempt) }
        if !recorded {
            logger.warning("lease lost before the outcome was recorded", metadata: ["dispatch.message": "\(message.key)"])
        }
        metrics.count(consequence, gateway: gateway, latency: result?.latency)
        logger.debug("message dispatched", metadata: [
            "dispatch.message": "\(message.key)", "dispatch.gateway": "\(gateway)",
            "dispatch.outcome": "\(consequence)", "http.status": "\(result?.httpStatus.map(String.init) ?? "-")",
        ])
        return consequence
    }

    private func logAttempt(_ message: ClaimedMessage, gateway: String, result: GatewayResult) async throws {
        try await store.logAttempt(key: message.key, owner: configuration.owner, gateway: gateway, at: now(),
                                   httpStatus: result.httpStatus, latency: result.latency, error: result.error)
    }
}

/// The running tally of a drain, shared by its send tasks.
final class SummaryBox: Sendable {
    let value = Mutex(Dispatcher.Summary())
}

/// Keys being sent right now by this dispatcher.
final class InFlight: Sendable {
    private let keys = Mutex(Set<String>())
    func insert(_ key: String) { keys.withLock { _ = $0.insert(key) } }
    func remove(_ key: String) { keys.withLock { _ = $0.remove(key) } }
    var all: [String] { keys.withLock { Array($0) } }
}

extension Dispatcher.Summary {
    /// What the claim settled without sending: opted out, deferred by the cap, expired by it.
    mutating func count(_ batch: ClaimBatch) {
        optedOut += batch.optedOut
        retried += batch.deferred
        expired += batch.expired
    }

    mutating func count(_ consequence: AttemptRecord.Consequence) {
        switch consequence {
        case .accepted: accepted += 1
        case .retry: retried += 1
        case .failed: failed += 1
        case .expired: expired += 1
        case .optedOut: optedOut += 1
        }
    }
}
