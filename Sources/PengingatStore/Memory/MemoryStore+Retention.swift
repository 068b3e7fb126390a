import Foundation

extension MemoryStore {
    public func pruneDeliveryHistory(before cutoff: Date) -> PruneSummary {
        let horizon = max(retentionHorizon, cutoff)
        retentionHorizon = horizon
        let logBefore = deliveryLogEntries.count
        deliveryLogEntries.removeAll { $0.at < horizon }
        let finished = outbox.values.filter { $0.state.isFinal && $0.expiresAt < horizon }.map(\.key)
        for key in finished {
            outbox[key] = nil
            leases[key] = nil
            sentAt[key] = nil
            nextAttemptAt[key] = nil
        }
        return PruneSummary(logEntries: logBefore - deliveryLogEntries.count, messages: finished.count)
    }
}
