import Foundation
import PengingatCore
import PostgresNIO

extension PostgresStore: ReachabilityStore {
    public func phoneOutcomes(since: Date) async throws -> [PhoneNumber: [PhoneOutcome]] {
        try await read { connection in
            var outcomes: [PhoneNumber: [PhoneOutcome]] = [:]
            // Integer division truncates in both databases, so a reply's second is the same in either.
            let rows = try await connection.query("""
                SELECT phone, state, COALESCE(sent_at, due_at) AS at_seconds FROM outbox
                WHERE state IN ('delivered', 'failed', 'unconfirmed') AND COALESCE(sent_at, due_at) >= \(Self.seconds(since))
                UNION ALL
                SELECT phone, 'delivered' AS state, received_at_ms / 1000 AS at_seconds FROM replies
                WHERE received_at_ms >= \(Self.milliseconds(since))
                ORDER BY at_seconds
                """, logger: logger)
            for try await (phoneText, state, at) in rows.decode((String, String, Int).self) {
                guard let phone = PhoneNumber(e164: phoneText) else { continue }
                // A reply counts as "delivered": a number that writes in is a number that works.
                let result: PhoneOutcome.Result = switch state {
                case "delivered": .reached
                case "failed": .failed
                default: .unconfirmed
                }
                outcomes[phone, default: []].append(PhoneOutcome(at: Self.date(seconds: at), result: result))
            }
            return outcomes
        }
    }

    public func unreachableHouseholds(in scope: AccessScope, householdID: Household.ID?) async throws
        -> [Household.ID: HouseholdReachability]
    {
        try await read { connection in
            var binds = PostgresBindings()
            var sql = "SELECT u.household_id, u.phone, u.reason, u.since_ms FROM unreachable_households u"
            var conditions: [String] = []
            if case .facilitator(let id) = scope {
                sql += " JOIN households h ON h.id = u.household_id JOIN p2k2_groups g ON g.id = h.group_id"
                binds.append(id)
                conditions.append("g.facilitator_id = $\(binds.count)")
            }
            if let householdID {
                binds.append(householdID)
                conditions.append("u.household_id = $\(binds.count)")
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            var result: [Household.ID: HouseholdReachability] = [:]
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            for try await (id, phoneText, reason, since) in rows.decode((String, String, String, Int).self) {
                guard let phone = PhoneNumber(e164: phoneText) else { continue }
                result[id] = HouseholdReachability(
                    householdID: id, phone: phone, reachable: false, reason: reason, since: Self.date(milliseconds: since))
            }
            return result
        }
    }

    public func recordReachability(unreachable: [HouseholdReachability], reachableAgain: Set<Household.ID>) async throws {
        try await write { connection in
            if !reachableAgain.isEmpty {
                try await connection.query(
                    "DELETE FROM unreachable_households WHERE household_id = ANY(\(Array(reachableAgain)))", logger: logger)
            }
            // One at a time, in order: a household judged twice keeps the later judgement, as in SQLite.
            for judgement in unreachable {
                try await connection.query("""
                    INSERT INTO unreachable_households (household_id, phone, reason, since_ms)
                    VALUES (\(judgement.householdID), \(judgement.phone.e164), \(judgement.reason), \(Self.milliseconds(judgement.since)))
                    ON CONFLICT (household_id) DO UPDATE SET phone = excluded.phone, reason = excluded.reason, since_ms = excluded.since_ms
                    """, logger: logger)
            }
        }
    }
}
