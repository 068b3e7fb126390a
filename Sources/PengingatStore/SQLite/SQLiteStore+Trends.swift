import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: TrendStore {
    public func monthlyTrends(_ request: TrendRequest) async throws -> MonthlyTrends {
        guard let window = request.window else { return MonthlyTrends() }
        return try await read { db in
            var trends = MonthlyTrends()
            var scope = ""
            var scopeArguments: StatementArguments = []
            if case .facilitator(let id) = request.scope {
                scope += " AND group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
                scopeArguments += [id]
            }
            if let groupID = request.groupID {
                scope += " AND group_id = ?"
                scopeArguments += [groupID]
            }
            // A meeting's id ends in its month: `KLP-01/2026-12`.
            let attendance = try Row.fetchCursor(db, sql: """
                SELECT substr(meeting_id, -7) AS month, status, COUNT(*) FROM attendance
                WHERE substr(meeting_id, -7) IN (\(databaseQuestionMarks(count: request.months.count)))\(scope)
                GROUP BY month, status
                """, arguments: StatementArguments(request.months) + scopeArguments)
            while let row = try attendance.next() {
                let month: String = row[0]
                switch AttendanceStatus(rawValue: row[1]) {
                case .present: trends.attendance[month, default: .init()].present += row[2]
                case .excused: trends.attendance[month, default: .init()].excused += row[2]
                case .absent: trends.attendance[month, default: .init()].absent += row[2]
                case nil: continue
                }
            }
            let delivery = try Row.fetchCursor(db, sql: """
                SELECT strftime('%Y-%m', due_at + ?, 'unixepoch') AS month, COUNT(*), SUM(state = 'delivered') FROM outbox
                WHERE due_at >= ? AND due_at < ? AND state IN (\(databaseQuestionMarks(count: MonthlyTrends.sentStates.count)))\(scope)
                GROUP BY month
                """, arguments: [request.zone.abbreviation.hoursAheadOfUTC * 3600, Int(window.start.timeIntervalSince1970),
                                 Int(window.end.timeIntervalSince1970)] + StatementArguments(MonthlyTrends.sentStates) + scopeArguments)
            while let row = try delivery.next() {
                trends.delivery[row[0]] = .init(sent: row[1], delivered: row[2])
            }
            return trends
        }
    }
}
