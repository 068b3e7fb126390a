import Foundation
import PengingatCore

extension MemoryStore {
    public func phoneOutcomes(since: Date) -> [PhoneNumber: [PhoneOutcome]] {
        var outcomes: [PhoneNumber: [PhoneOutcome]] = [:]
        for message in outbox.values {
            let result: PhoneOutcome.Result
            switch message.state {
            case .delivered: result = .reached
            case .failed: result = .failed
            case .unconfirmed: result = .unconfirmed
            default: continue
            }
            let at = sentAt[message.key] ?? message.dueAt
            guard at >= since else { continue }
            outcomes[message.phone, default: []].append(PhoneOutcome(at: at, result: result))
        }
        // A number that writes in is a number that works.
        for reply in replyList where reply.receivedAt >= since {
            outcomes[reply.phone, default: []].append(PhoneOutcome(at: reply.receivedAt, result: .reached))
        }
        return outcomes.mapValues { $0.sorted { $0.at < $1.at } }
    }

    public func unreachableHouseholds() -> [Household.ID: HouseholdReachability] { unreachableByHousehold }

    public func recordReachability(unreachable: [HouseholdReachability], reachableAgain: Set<Household.ID>) {
        for id in reachableAgain { unreachableByHousehold[id] = nil }
        for judgement in unreachable { unreachableByHousehold[judgement.householdID] = judgement }
    }
}
