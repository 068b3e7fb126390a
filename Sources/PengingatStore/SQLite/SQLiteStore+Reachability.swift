import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: ReachabilityStore {
    public func phoneOutcomes(since: Date) async throws -> [PhoneNumber: [PhoneOutcome]] {
        try await read { db in
            var outcomes: [PhoneNumber: [PhoneOutcome]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT phone, state, COALESCE(sent_at, due_at) AS at FROM outbox
                WHERE state IN ('delivered', 'failed', 'unconfirmed') AND COALESCE(sent_at, due_at) >= ?
                UNION ALL
                SELECT phone, 'delivered' AS state, received_at_ms / 1000 AS at FROM replies WHERE received_at_ms >= ?
                ORDER BY at
                """, arguments: [Int(since.timeIntervalSince1970), Int(since.timeIntervalSince1970 * 1000)])
            for row in rows {
                guard let phone = PhoneNumber(e164: row["phone"]) else { continue }
                // A reply counts as "delivered": a number that writes in is a number that works.
                let result: PhoneOutcome.Result = switch row["state"] as String {
                case "delivered": .reached
                case "failed": .failed
                default: .unconfirmed
                }
                outcomes[phone, default: []].append(PhoneOutcome(at: Date(timeIntervalSince1970: TimeInterval(row["at"] as Int)), result: result))
            }
            return outcomes
        }
    }

    public func unreachableHouseholds(in scope: AccessScope, householdID: Household.ID?) async throws
        -> [Household.ID: HouseholdReachability]
    {
        try await read { db in
            var sql = "SELECT u.* FROM unreachable_households u"
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if case .facilitator(let id) = scope {
                sql += " JOIN households h ON h.id = u.household_id JOIN p2k2_groups g ON g.id = h.group_id"
                conditions.append("g.facilitator_id = ?")
                arguments += [id]
            }
            if let householdID {
                conditions.append("u.household_id = ?")
                arguments += [householdID]
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            var result: [Household.ID: HouseholdReachability] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                guard let phone = PhoneNumber(e164: row["phone"]) else { continue }
                let id: String = row["household_id"]
                result[id] = HouseholdReachability(
                    householdID: id, phone: phone, reachable: false, reason: row["reason"],
                    since: Date(timeIntervalSince1970: TimeInterval(row["since_ms"] as Int) / 1000))
            }
            return result
        }
    }

    public func recordReachability(unreachable: [HouseholdReachability], reachableAgain: Set<Household.ID>) async throws {
        try await write { db in
            for id in reachableAgain {
                try db.execute(sql: "DELETE FROM unreachable_households WHERE household_id = ?", arguments: [id])
            }
            for judgement in unreachable {
                try db.execute(sql: """
                    INSERT INTO unreachable_households (household_id, phone, reason, since_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT (household_id) DO UPDATE SET phone = excluded.phone, reason = excluded.reason, since_ms = excluded.since_ms
                    """, arguments: [judgement.householdID, judgement.phone.e164, judgement.reason,
                                     Int(judgement.since.timeIntervalSince1970 * 1000)])
            }
        }
    }
}
