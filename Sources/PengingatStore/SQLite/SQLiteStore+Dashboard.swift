import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: DashboardStore {
    public func dashboardFigures(_ request: DashboardRequest) async throws -> DashboardFigures {
        try await read { db in
            var figures = DashboardFigures()
            // The scope as a condition on the outbox row `o`, and its argument.
            var scope = ""
            var scopeArguments: StatementArguments = []
            if case .facilitator(let id) = request.scope {
                scope = " AND o.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
                scopeArguments = [id]
            }
            let offset = request.utcOffsetSeconds
            let days: StatementArguments = [Int(request.days.start.timeIntervalSince1970), Int(request.days.end.timeIntervalSince1970)]

            let queued = try Row.fetchCursor(db, sql: """
                SELECT (o.due_at + ?) / 86400, COUNT(*) FROM outbox o
                WHERE o.state = 'queued' AND o.due_at >= ? AND o.due_at < ?\(scope) GROUP BY 1
                """, arguments: [offset] + days + scopeArguments)
            while let row = try queued.next() { figures.queuedByDay[CalendarDate(daysSinceEpoch: row[0])] = row[1] }

            let holding = OutboxState.allCases.filter(\.holdsItems).map(\.rawValue)
            let kinds = request.obligationKinds.sorted()
            let obligations = try Row.fetchCursor(db, sql: """
                WITH obligation AS (
                    SELECT i.household_id AS household_id, COALESCE(h.caregiver_name, i.household_id) AS name, i.kind AS kind,
                           MIN(i.event_at) AS event_at, (i.event_at + ?) / 86400 AS day
                    FROM outbox o JOIN outbox_items i ON i.message_key = o.key LEFT JOIN households h ON h.id = i.household_id
                    WHERE o.due_at >= ? AND o.due_at < ?\(scope)
                      AND o.state IN (\(databaseQuestionMarks(count: holding.count)))
                      AND i.kind IN (\(databaseQuestionMarks(count: max(1, kinds.count))))
                    GROUP BY i.household_id, i.kind, day
                ), ranked AS (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY day ORDER BY name, kind, household_id) AS position,
                           COUNT(*) OVER (PARTITION BY day) AS total
                    FROM obligation
                )
                SELECT household_id, name, kind, event_at, day, total FROM ranked WHERE position <= ? ORDER BY day, position
                """, arguments: [offset] + days + scopeArguments + StatementArguments(holding)
                    + StatementArguments(kinds.isEmpty ? [""] : kinds) + [request.limit])
            while let row = try obligations.next() {
                let day = CalendarDate(daysSinceEpoch: row[4])
                figures.obligationsByDay[day, default: []].append(DashboardObligation(
                    householdID: row[0], householdName: row[1], kind: row[2],
                    eventAt: Date(timeIntervalSince1970: TimeInterval(row[3] as Int))))
                figures.obligationCountByDay[day] = row[5]
            }

            figures.failures = try Self.loadMessages(db, where: """
                o.key IN (SELECT o.key FROM outbox o WHERE o.state IN ('failed', 'expired') AND o.due_at >= ? AND o.due_at < ?\(scope)
                          ORDER BY o.due_at DESC, o.key DESC LIMIT ?)
                """, arguments: [Int(request.failuresDue.start.timeIntervalSince1970), Int(request.failuresDue.end.timeIntervalSince1970)]
                    + scopeArguments + [request.limit], orderBy: "o.due_at DESC, o.key DESC")

            var replies = "SELECT COUNT(*) FROM replies r WHERE r.handled_at_ms IS NULL"
            if case .facilitator = request.scope {
                replies += " AND r.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
            }
            figures.unhandledReplies = try Int.fetchOne(db, sql: replies, arguments: scopeArguments) ?? 0

            // Households still in the roster only; the scope through their group.
            var unreachable = "FROM unreachable_households u JOIN households h ON h.id = u.household_id"
            if case .facilitator = request.scope {
                unreachable += " WHERE h.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
            }
            figures.unreachableCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) " + unreachable, arguments: scopeArguments) ?? 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT u.household_id, h.caregiver_name, u.phone, u.reason \(unreachable) ORDER BY u.household_id LIMIT ?
                """, arguments: scopeArguments + [request.limit])
            while let row = try rows.next() {
                guard let phone = PhoneNumber(e164: row[2]) else { continue }
                figures.unreachable.append(DashboardUnreachable(householdID: row[0], householdName: row[1], phone: phone, reason: row[3]))
            }
            return figures
        }
    }
}
