import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: ReportStore {
    public func messageCounts(_ request: MessageCountRequest) async throws -> [Group.ID: MessageCounts] {
        guard !request.groupIDs.isEmpty else { return [:] }
        return try await read { db in
            var sql = """
                SELECT group_id, state, channel, COUNT(*),
                       SUM(CASE WHEN \(ReportBilling.acceptedCondition) THEN segments ELSE 0 END),
                       SUM(CASE WHEN \(ReportBilling.acceptedCondition) THEN 1 ELSE 0 END)
                FROM outbox WHERE due_at >= ? AND due_at < ? AND group_id IN (SELECT value FROM json_each(?))
                """
            var arguments: StatementArguments = [Int(request.window.start.timeIntervalSince1970),
                                                 Int(request.window.end.timeIntervalSince1970), JSONText.array(request.groupIDs)]
            if case .facilitator(let id) = request.scope {
                sql += " AND group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
                arguments += [id]
            }
            var counts: [Group.ID: MessageCounts] = [:]
            let rows = try Row.fetchCursor(db, sql: sql + " GROUP BY group_id, state, channel", arguments: arguments)
            while let row = try rows.next() {
                guard let state = OutboxState(rawValue: row[1]) else { continue }
                let group: String = row[0]
                let channel: String = row[2]
                let count: Int = row[3]
                counts[group, default: .init()].byState[state, default: 0] += count
                switch channel {
                case Household.Channel.sms.rawValue: counts[group, default: .init()].smsSegmentsAccepted += row[4] as Int? ?? 0
                case Household.Channel.whatsapp.rawValue: counts[group, default: .init()].whatsAppAccepted += row[5] as Int? ?? 0
                default: continue
                }
            }
            return counts
        }
    }

    public func outboxStates(keys: [String], in scope: AccessScope) async throws -> [String: OutboxState] {
        guard !keys.isEmpty else { return [:] }
        return try await read { db in
            var sql = "SELECT key, state FROM outbox WHERE key IN (SELECT value FROM json_each(?))"
            var arguments: StatementArguments = [JSONText.array(keys)]
            if case .facilitator(let id) = scope {
                sql += " AND group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
                arguments += [id]
            }
            var states: [String: OutboxState] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                if let state = OutboxState(rawValue: row[1]) { states[row[0]] = state }
            }
            return states
        }
    }
}
