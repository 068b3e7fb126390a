import Foundation
import PengingatCore

extension MemoryStore {
    public func recordReply(_ reply: Reply) -> Bool {
        if replyList.contains(where: { $0.id == reply.id }) { return false }
        if let providerID = reply.providerID,
           replyList.contains(where: { $0.gateway == reply.gateway && $0.providerID == providerID }) {
            return false
        }
        replyList.append(reply)
        return true
    }

    public func replies(in scope: AccessScope, unhandledOnly: Bool, since: Date?, limit: Int) -> [Reply] {
        let visible = replyList.filter { reply in
            if unhandledOnly && reply.handledAt != nil { return false }
            if let since, reply.receivedAt < since { return false }
            return sees(reply, in: scope)
        }
        return Array(visible.sorted { ($0.receivedAt, $0.id) > ($1.receivedAt, $1.id) }.prefix(limit))
    }

    public func replies(from phone: PhoneNumber, since: Date) -> [Reply] {
        replyList.filter { $0.phone == phone && $0.receivedAt >= since }.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
    }

    public func markReplyHandled(id: String, by: String, at: Date, in scope: AccessScope) -> Bool {
        guard let index = replyList.firstIndex(where: { $0.id == id }), sees(replyList[index], in: scope) else { return false }
        replyList[index].handledBy = by
        replyList[index].handledAt = at
        return true
    }

    public func households(withPhone phone: PhoneNumber) -> [Household] {
        householdsByID.values.filter { $0.phone == phone || $0.alternatePhone == phone }.sorted { $0.id < $1.id }
    }

    private func sees(_ reply: Reply, in scope: AccessScope) -> Bool {
        switch scope {
        case .everything: true
        case .facilitator(let id): reply.groupID.flatMap { groupsByID[$0] }?.facilitatorID == id
        }
    }
}
