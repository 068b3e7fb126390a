import Foundation
import PengingatCore

extension MemoryStore {
    public func liveItems(among itemKeys: Set<String>) -> [String: String] {
        var result: [String: String] = [:]
        for message in outbox.values where message.state.holdsItems {
            for item in message.items where itemKeys.contains(item.key) { result[item.key] = message.key }
        }
        return result
    }

    public func commit(
        _ messages: [OutboxMessage], source: String, groupID: Group.ID?, window: DateInterval, stale: Set<String>
    ) -> OutboxCommitSummary {
        var summary = OutboxCommitSummary()
        for message in messages {
            switch outbox[message.key] {
            case nil:
                outbox[message.key] = message
                summary.inserted += 1
            case let old? where old.state == .queued || old.state == .cancelled:
                if old.state == .queued, old.hasSameContent(as: message) {
                    summary.unchanged += 1
                } else {
                    outbox[message.key] = message
                    summary.updated += 1
                }
            default:
                summary.alreadyUnderway += 1
            }
        }
        let planned = Set(messages.map(\.key))
        for (key, message) in outbox
        where message.source == source && message.state == .queued && !planned.contains(key)
            && (groupID == nil || message.groupID == groupID) && (window.contains(message.dueAt) || stale.contains(key)) {
            changeState(key, to: .cancelled, at: Date(), detail: "no longer in the plan")
            summary.withdrawn += 1
        }
        return summary
    }

    public func outboxMessages(dueIn window: DateInterval, groupID: Group.ID?) -> [OutboxMessage] {
        outbox.values.filter { window.contains($0.dueAt) && (groupID == nil || $0.groupID == groupID) }
            .sorted { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }
    }

    public func outboxMessage(key: String) -> OutboxMessage? { outbox[key] }

    public func householdsTold(about eventKey: String) -> [Household.ID: Date] {
        var told: [Household.ID: Date] = [:]
        // The latest message wins: a change notice after the reminders it corrects.
        for message in outbox.values.sorted(by: { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }) where message.state.isUnderway {
            for item in message.items where item.eventKey == eventKey { told[item.householdID] = item.eventAt }
        }
        return told
    }

    public func setState(_ state: OutboxState, forMessage key: String) -> Bool {
        guard outbox[key] != nil else { return false }
        changeState(key, to: state, at: Date(), detail: "set by hand")
        return true
    }

    public func meetingChanges(groupID: Group.ID?) -> [String: MeetingChange] {
        guard let groupID else { return meetingChangesByID }
        return meetingChangesByID.filter { Meeting.parse(id: $0.key)?.groupID == groupID }
    }

    public func recordMeetingChange(_ change: MeetingChange) {
        meetingChangesByID[change.meetingID] = change
    }

    public func commitTasks(_ tasks: [FacilitatorTask]) -> Int {
        var added = 0
        for task in tasks where tasksByKey[task.key] == nil {
            tasksByKey[task.key] = task
            added += 1
        }
        return added
    }

    public func withdrawTasks(keys: [String]) -> Int {
        keys.reduce(0) { count, key in tasksByKey.removeValue(forKey: key) == nil ? count : count + 1 }
    }

    public func tasks(dueFrom first: CalendarDate, through last: CalendarDate, in scope: AccessScope) -> [FacilitatorTask] {
        tasksByKey.values.filter { task in
            guard task.due >= first, task.due <= last else { return false }
            if case .facilitator(let id) = scope { return task.facilitatorID == id }
            return true
        }.sorted { ($0.due, $0.key) < ($1.due, $1.key) }
    }
}
