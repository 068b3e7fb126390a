import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: DashboardStore {
    public func dashboardFigures(_ request: DashboardRequest) async throws -> DashboardFigures {
        try await read { connection in
            var figures = DashboardFigures()
            // NULL for every group; the statement is planned with the value, so the test folds away.
            let facilitator: String? = if case .facilitator(let id) = request.scope { id } else { nil }
            let offset = request.utcOffsetSeconds
            let from = Self.seconds(request.days.start)
            let until = Self.seconds(request.days.end)

            for try await (day, count) in try await connection.query("""
                SELECT (o.due_at + \(offset)) / 86400, COUNT(*) FROM outbox o
                WHERE o.state = 'queued' AND o.due_at >= \(from) AND o.due_at < \(until)
                  AND (\(facilitator)::text IS NULL OR o.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                GROUP BY 1
                """, logger: logger).decode((Int, Int).self) {
                figures.queuedByDay[CalendarDate(daysSinceEpoch: day)] = count
            }

            let holding = OutboxState.allCases.filter(\.holdsItems).map(\.rawValue)
            let kinds = request.obligationKinds.sorted()
            for try await (householdID, name, kind, eventAt, day, total) in try await connection.query("""
                WITH obligation AS (
                    SELECT household_id, name, kind, MIN(event_at) AS event_at, day FROM (
                        SELECT i.household_id AS household_id, COALESCE(h.caregiver_name, i.household_id) AS name, i.kind AS kind,
                               i.event_at AS event_at, (i.event_at + \(offset)) / 86400 AS day
                        FROM outbox o JOIN outbox_items i ON i.message_key = o.key LEFT JOIN households h ON h.id = i.household_id
                        WHERE o.due_at >= \(from) AND o.due_at < \(until)
                          AND (\(facilitator)::text IS NULL OR o.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                          AND o.state = ANY(\(holding)) AND i.kind = ANY(\(kinds))
                    ) AS item
                    GROUP BY household_id, name, kind, day
                ), ranked AS (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY day ORDER BY name, kind, household_id) AS position,
                           COUNT(*) OVER (PARTITION BY day) AS total
                    FROM obligation
                )
                SELECT household_id, name, kind, event_at, day, total FROM ranked WHERE position <= \(request.limit) ORDER BY day, position
                """, logger: logger).decode((String, String, String, Int, Int, Int).self) {
                let date = CalendarDate(daysSinceEpoch: day)
                figures.obligationsByDay[date, default: []].append(DashboardObligation(
                    householdID: householdID, householdName: name, kind: kind, eventAt: Date(timeIntervalSince1970: TimeInterval(eventAt))))
                figures.obligationCountByDay[date] = total
            }

            var failed: [String] = []
            for try await key in try await connection.query("""
                SELECT o.key FROM outbox o
                WHERE o.state IN ('failed', 'expired') AND o.due_at >= \(Self.seconds(request.failuresDue.start))
                  AND o.due_at < \(Self.seconds(request.failuresDue.end))
                  AND (\(facilitator)::text IS NULL OR o.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                ORDER BY o.due_at DESC, o.key COLLATE "C" DESC LIMIT \(request.limit)
                """, logger: logger).decode(String.self) {
                failed.append(key)
            }
            let order = Dictionary(uniqueKeysWithValues: failed.enumerated().map { ($1, $0) })
            figures.failures = try await loadOutboxMessages(keys: failed, on: connection).sorted { order[$0.key]! < order[$1.key]! }

            for try await count in try await connection.query("""
                SELECT COUNT(*) FROM replies r WHERE r.handled_at_ms IS NULL
                  AND (\(facilitator)::text IS NULL OR r.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                """, logger: logger).decode(Int.self) {
                figures.unhandledReplies = count
            }

            // Households still in the roster only; the scope through their group.
            for try await count in try await connection.query("""
                SELECT COUNT(*) FROM unreachable_households u JOIN households h ON h.id = u.household_id
                WHERE \(facilitator)::text IS NULL OR h.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator))
                """, logger: logger).decode(Int.self) {
                figures.unreachableCount = count
            }
            for try await (id, name, phoneText, reason) in try await connection.query("""
                SELECT u.household_id, h.caregiver_name, u.phone, u.reason FROM unreachable_households u
                JOIN households h ON h.id = u.household_id
                WHERE \(facilitator)::text IS NULL OR h.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator))
                ORDER BY u.household_id COLLATE "C" LIMIT \(request.limit)
                """, logger: logger).decode((String, String, String, String).self) {
                guard let phone = PhoneNumber(e164: phoneText) else { continue }
                figures.unreachable.append(DashboardUnreachable(householdID: id, householdName: name, phone: phone, reason: reason))
            }
            return figures
        }
    }
}
