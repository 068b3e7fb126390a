import Foundation
import PengingatCore

extension MemoryStore {
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) -> [OutboxMessage] {
        let due = outbox.values.filter { message in
            guard message.dueAt <= now, message.expiresAt > now else { return false }
            if let next = nextAttemptAt[message.key], next > now { return false }
            switch message.state {
            case .queued: return true
            case .sending: return (leases[message.key]?.until ?? .distantPast) <= now
            default: return false
            }
        }.sorted { ($0.priority, $0.dueAt, $0.key) < ($1.priority, $1.dueAt, $1.key) }.prefix(limit)
        var claimed: [OutboxMessage] = []
        for message in due {
            leases[message.key] = (owner, leaseUntil)
            if message.state != .sending { changeState(message.key, to: .sending, at: now, detail: "claimed by \(owner)") }
            if let updated = outbox[message.key] { claimed.append(updated) }
        }
        return claimed
    }

    public func renewLease(keys: [String], owner: String, until: Date) -> Int {
        var renewed = 0
        for key in keys where leases[key]?.owner == owner && outbox[key]?.state == .sending {
            leases[key] = (owner, until)
            renewed += 1
        }
        return renewed
    }

    public func finishAttempt(_ attempt: AttemptRecord) -> Bool {
        guard leases[attempt.key]?.owner == attempt.owner, var message = outbox[attempt.key] else { return false }
        // A delivery report can overtake the outcome of its own send: its status stands.
        let overtaken = message.state != .sending
        message.attempts += 1
        message.gateway = attempt.gateway
        deliveryLogEntries.append(DeliveryLogEntry(
            messageKey: attempt.key, at: attempt.at, event: .attempt, gateway: attempt.gateway,
            httpStatus: attempt.httpStatus, latencyMilliseconds: Int(attempt.latency * 1000), error: attempt.error))
        leases[attempt.key] = nil
        if overtaken {
            if case .accepted(let providerID) = attempt.consequence {
                message.providerID = providerID
                sentAt[attempt.key] = attempt.at
            }
            outbox[attempt.key] = message
            return true
        }
        switch attempt.consequence {
        case .accepted(let providerID):
            message.providerID = providerID
            outbox[attempt.key] = message
            sentAt[attempt.key] = attempt.at
            changeState(attempt.key, to: .accepted, at: attempt.at, detail: attempt.gateway)
        case .retry(let at):
            outbox[attempt.key] = message
            nextAttemptAt[attempt.key] = at
            changeState(attempt.key, to: .queued, at: attempt.at, detail: "retry")
        case .failed:
            outbox[attempt.key] = message
            changeState(attempt.key, to: .failed, at: attempt.at, detail: attempt.error)
        case .expired:
            outbox[attempt.key] = message
            changeState(attempt.key, to: .expired, at: attempt.at, detail: attempt.error)
        case .optedOut:
            outbox[attempt.key] = message
            changeState(attempt.key, to: .optedOut, at: attempt.at, detail: attempt.error)
        }
        return true
    }

    public func logAttempt(key: String, owner: String, gateway: String, at: Date, httpStatus: Int?, latency: TimeInterval,
                           error: String?) {
        guard leases[key]?.owner == owner else { return }
        deliveryLogEntries.append(DeliveryLogEntry(
            messageKey: key, at: at, event: .attempt, gateway: gateway, httpStatus: httpStatus,
            latencyMilliseconds: Int(latency * 1000), error: error))
    }

    public func release(keys: [String], owner: String) -> Int {
        var released = 0
        for key in keys where leases[key]?.owner == owner && outbox[key]?.state == .sending {
            leases[key] = nil
            changeState(key, to: .queued, at: Date(), detail: "released by \(owner)")
            released += 1
        }
        return released
    }

    public func expireOverdue(now: Date) -> Int {
        var expired = 0
        for (key, message) in outbox where message.expiresAt <= now
            && (message.state == .queued || (message.state == .sending && (leases[key]?.until ?? .distantPast) <= now)) {
            leases[key] = nil
            changeState(key, to: .expired, at: now, detail: "not sent before its event")
            expired += 1
        }
        return expired
    }

    public func markUnconfirmed(acceptedBefore: Date, now: Date) -> Int {
        var marked = 0
        for (key, message) in outbox where message.state == .accepted && (sentAt[key] ?? now) < acceptedBefore {
            changeState(key, to: .unconfirmed, at: now, detail: "no delivery report")
            marked += 1
        }
        return marked
    }

    public func applyReport(_ report: DeliveryReport) -> ReportOutcome {
        let key: String?
        switch report.match {
        case .key(let value): key = outbox[value] == nil ? nil : value
        case .providerID(let id):
            key = outbox.values.first { $0.providerID == id }?.key
        }
        guard let key, let message = outbox[key] else { return .unknownMessage }
        deliveryLogEntries.append(DeliveryLogEntry(
            messageKey: key, at: report.at, event: .report, toState: report.state, detail: report.detail))
        guard message.state.canMove(to: report.state) else { return .ignored(current: message.state) }
        changeState(key, to: report.state, at: report.at, detail: report.detail)
        return .applied(from: message.state)
    }

    public func sentCount(to phone: PhoneNumber, in interval: DateInterval) -> Int {
        outbox.values.filter { $0.phone == phone && ($0.state.isUnderway) && sentAt[$0.key].map(interval.contains) == true }.count
    }

    public func nextDue() -> Date? {
        outbox.values.filter { $0.state == .queued }.map { max($0.dueAt, nextAttemptAt[$0.key] ?? $0.dueAt) }.min()
    }

    public func deliveryLog(_ filter: DeliveryLogFilter) -> [DeliveryLogEntry] {
        deliveryLogEntries.filter { entry in
            if let since = filter.since, entry.at < since { return false }
            guard let message = outbox[entry.messageKey] else { return false }
            if let state = filter.state, message.state != state { return false }
            if let household = filter.householdID, !message.items.contains(where: { $0.householdID == household }) { return false }
            if let until = filter.until, entry.at >= until { return false }
            if let group = filter.groupID, message.groupID != group { return false }
            if let gateway = filter.gateway, entry.gateway != gateway { return false }
            if case .facilitator(let facilitatorID) = filter.scope,
               message.groupID.flatMap({ groupsByID[$0]?.facilitatorID }) != facilitatorID { return false }
            return true
        }.suffix(filter.limit).map { $0 }
    }

    public func deliverySummary(dueIn interval: DateInterval) -> DeliverySummary {
        var groups: [Group.ID: [OutboxState: Int]] = [:]
        var failures: [PhoneNumber: (Int, Set<Household.ID>)] = [:]
        for message in outbox.values where interval.contains(message.dueAt) {
            groups[message.groupID ?? "-", default: [:]][message.state, default: 0] += 1
            if message.state == .failed {
                let current = failures[message.phone] ?? (0, [])
                failures[message.phone] = (current.0 + 1, current.1.union(message.items.map(\.householdID)))
            }
        }
        return DeliverySummary(
            groups: groups.keys.sorted().map { DeliverySummary.GroupCounts(groupID: $0, byState: groups[$0] ?? [:]) },
            failingNumbers: failures.filter { $0.value.0 >= 2 }.sorted { $0.key.e164 < $1.key.e164 }.map {
                DeliverySummary.FailingNumber(phone: $0.key, failures: $0.value.0, households: $0.value.1.sorted())
            })
    }

    /// Every state change is logged, in order.
    func changeState(_ key: String, to state: OutboxState, at: Date, detail: String?) {
        guard let old = outbox[key]?.state, old != state else { return }
        outbox[key]?.state = state
        deliveryLogEntries.append(DeliveryLogEntry(
            messageKey: key, at: at, event: .status, fromState: old, toState: state, detail: detail))
    }
}
