import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: TrendStore {
    public func monthlyTrends(_ request: TrendRequest) async throws -> MonthlyTrends {
        guard let window = request.window else { return MonthlyTrends() }
        return try await read { connection in
            var trends = MonthlyTrends()
            // NULL for every group (or every group of the scope): the test folds away.
            let facilitator: String? = if case .facilitator(let id) = request.scope { id } else { nil }
            let groupID = request.groupID
            let months = request.months
            // A meeting's id ends in its month: `KLP-01/2026-12`.
            for try await (month, status, count) in try await connection.query("""
                SELECT right(meeting_id, 7) AS month, status, COUNT(*)::bigint FROM attendance
                WHERE right(meeting_id, 7) = ANY(\(months))
                  AND (\(facilitator)::text IS NULL OR group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                  AND (\(groupID)::text IS NULL OR group_id = \(groupID))
                GROUP BY month, status
                """, logger: logger).decode((String, String, Int).self) {
                switch AttendanceStatus(rawValue: status) {
                case .present: trends.attendance[month, default: .init()].present += count
                case .excused: trends.attendance[month, default: .init()].excused += count
                case .absent: trends.attendance[month, default: .init()].absent += count
                case nil: continue
                }
            }
            let offset = request.zone.abbreviation.hoursAheadOfUTC * 3600
            let from = Self.seconds(window.start)
            let until = Self.seconds(window.end)
            let states = MonthlyTrends.sentStates
            for try await (month, sent, delivered) in try await connection.query("""
                SELECT to_char(to_timestamp(due_at + \(offset)) AT TIME ZONE 'UTC', 'YYYY-MM') AS month, COUNT(*)::bigint,
                       COUNT(*) FILTER (WHERE state = 'delivered')::bigint
                FROM outbox
                WHERE due_at >= \(from) AND due_at < \(until) AND state = ANY(\(states))
                  AND (\(facilitator)::text IS NULL OR group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                  AND (\(groupID)::text IS NULL OR group_id = \(groupID))
                GROUP BY month
                """, logger: logger).decode((String, Int, Int).self) {
                trends.delivery[month] = .init(sent: sent, delivered: delivered)
            }
            return trends
        }
    }
}
