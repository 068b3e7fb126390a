import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: ReportStore {
    public func messageCounts(_ request: MessageCountRequest) async throws -> [Group.ID: MessageCounts] {
        guard !request.groupIDs.isEmpty else { return [:] }
        return try await read { connection in
            // NULL for every group the ids name: the test folds away.
            let facilitator: String? = if case .facilitator(let id) = request.scope { id } else { nil }
            let from = Self.seconds(request.window.start)
            let until = Self.seconds(request.window.end)
            var counts: [Group.ID: MessageCounts] = [:]
            for try await (group, stateText, channel, count, segments, billed) in try await connection.query("""
                SELECT group_id, state, channel, COUNT(*)::bigint,
                       COALESCE(SUM(CASE WHEN \(unescaped: ReportBilling.acceptedCondition) THEN segments ELSE 0 END), 0)::bigint,
                       COUNT(*) FILTER (WHERE \(unescaped: ReportBilling.acceptedCondition))::bigint
                FROM outbox
                WHERE due_at >= \(from) AND due_at < \(until) AND group_id = ANY(\(request.groupIDs))
                  AND (\(facilitator)::text IS NULL OR group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                GROUP BY group_id, state, channel
                """, logger: logger).decode((String, String, String, Int, Int, Int).self) {
                guard let state = OutboxState(rawValue: stateText) else { continue }
                counts[group, default: .init()].byState[state, default: 0] += count
                switch channel {
                case Household.Channel.sms.rawValue: counts[group, default: .init()].smsSegmentsAccepted += segments
                case Household.Channel.whatsapp.rawValue: counts[group, default: .init()].whatsAppAccepted += billed
                default: continue
                }
            }
            return counts
        }
    }

    public func outboxStates(keys: [String], in scope: AccessScope) async throws -> [String: OutboxState] {
        guard !keys.isEmpty else { return [:] }
        return try await read { connection in
            let facilitator: String? = if case .facilitator(let id) = scope { id } else { nil }
            var states: [String: OutboxState] = [:]
            for try await (key, state) in try await connection.query("""
                SELECT key, state FROM outbox WHERE key = ANY(\(keys))
                  AND (\(facilitator)::text IS NULL OR group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                """, logger: logger).decode((String, String).self) {
                if let parsed = OutboxState(rawValue: state) { states[key] = parsed }
            }
            return states
        }
    }
}
