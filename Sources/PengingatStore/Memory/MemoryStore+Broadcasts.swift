import Foundation
import PengingatCore

extension MemoryStore {
    public func recordBroadcast(_ broadcast: Broadcast) {
        broadcastsByID[broadcast.id] = broadcast
    }

    public func broadcast(id: String) -> Broadcast? { broadcastsByID[id] }

    public func broadcasts(facilitatorID: Facilitator.ID?, limit: Int) -> [Broadcast] {
        Array(broadcastsByID.values
            .filter { facilitatorID == nil || $0.facilitatorID == facilitatorID }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            .prefix(limit))
    }

    public func cancelBroadcast(id: String, by: String, at: Date) -> BroadcastCancellation? {
        guard var broadcast = broadcastsByID[id] else { return nil }
        var result = BroadcastCancellation(cancelled: 0, underway: 0)
        for key in outbox.keys.sorted() where key.hasPrefix(broadcast.keyPrefix) {
            switch outbox[key]?.state {
            case .queued?:
                changeState(key, to: .cancelled, at: at, detail: "siaran dibatalkan oleh \(by)")
                result.cancelled += 1
            case .cancelled?, .optedOut?, .expired?, nil: break
            default: result.underway += 1
            }
        }
        if broadcast.state != .cancelled {
            broadcast.state = .cancelled
            broadcast.cancelledBy = by
            broadcast.cancelledAt = at
            broadcastsByID[id] = broadcast
        }
        return result
    }

    public func broadcastProgress(id: String) -> [OutboxState: Int] {
        let prefix = Broadcast.keyPrefix(id)
        var counts: [OutboxState: Int] = [:]
        for message in outbox.values where message.key.hasPrefix(prefix) { counts[message.state, default: 0] += 1 }
        return counts
    }
}
