import Foundation
import PengingatCore
import PostgresNIO

// The dispatcher's hot statements, prepared once per connection: postgres-nio sends every other
// query as an unnamed statement, which the server parses, analyses and plans again each time
// (about a tenth of the server's CPU in the scaling benchmark before these). Lists travel as
// arrays (`unnest`) or one JSON parameter, so each statement's text never changes with the size
// of the batch. A claim is three statements between BEGIN and COMMIT, a group commit two.

/// Due messages for a claim, abandoned claims first, then queued rows in claim order from the
/// partial index, with opt-out counted; rows another dispatcher holds are skipped. Both parts are
/// locked; the queued part is read only as far as the limit needs.
struct ClaimCandidatesStatement: PostgresPreparedStatement {
    typealias Row = ClaimCandidate

    /// Names for `OutboxQueries.claimColumns`, so the two parts can be put one after the other.
    private static let candidateColumns = """
        (key, source, phone, channel, text, expires_at, attempts, whatsapp_template, email_address, email_subject, state,
         cap_day, on_roster, reachable)
        """

    static let sql = """
        WITH abandoned \(candidateColumns) AS (
            SELECT \(OutboxQueries.claimColumns) FROM outbox o
            WHERE o.state = 'sending' AND o.lease_until <= $1 AND o.due_at <= $1 AND o.expires_at > $1
            ORDER BY o.priority, o.due_at, o.key COLLATE "C" LIMIT $2
            FOR UPDATE OF o SKIP LOCKED),
        queued \(candidateColumns) AS (
            SELECT \(OutboxQueries.claimColumns) FROM outbox o
            WHERE o.state = 'queued' AND o.due_at <= $1 AND o.expires_at > $1
              AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $1)
            ORDER BY o.priority, o.due_at, o.key COLLATE "C" LIMIT $2
            FOR UPDATE OF o SKIP LOCKED)
        SELECT * FROM abandoned UNION ALL SELECT * FROM queued LIMIT $2
        """

    let now: Int
    let limit: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(now)
        bindings.append(limit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> ClaimCandidate {
        let (key, source, phone, channel, text, expiresAt, attempts, template, email, subject, state, capDay, onRoster,
             reachable) = try row.decode(
            (String, String, String, String, String, Int, Int, String?, String?, String?, String, Int?, Int, Int).self)
        return try OutboxQueries.claimCandidate(
            key: key, source: source, phone: phone, channel: channel, text: text, expiresAt: expiresAt, attempts: attempts,
            whatsAppTemplate: template, emailAddress: email, emailSubject: subject, state: state, capDay: capDay,
            householdsOnRoster: onRoster, householdsReachable: reachable)
    }
}

/// The phones' counts for a day, made when missing and locked in phone order: two dispatchers
/// claiming for one phone take turns here, so the cap holds across them. (The no-op update is
/// what locks a row that exists; `RETURNING` gives its count as committed.)
struct PhoneDayCountsStatement: PostgresPreparedStatement {
    typealias Row = (String, Int)

    static let sql = """
        INSERT INTO phone_day_sends (phone, day, sends)
        SELECT p.phone, $2, 0 FROM unnest($1::text[]) AS p (phone) ORDER BY p.phone COLLATE "C"
        ON CONFLICT (phone, day) DO UPDATE SET sends = phone_day_sends.sends
        RETURNING phone, sends
        """

    /// Each phone once.
    let phones: [String]
    let day: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(phones)
        bindings.append(day)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> (String, Int) { try row.decode((String, Int).self) }
}

/// Everything a claim decided, in one statement: the claimed rows leased, the settled ones
/// (opted out, over the cap) given their state, the day's new counts written (rows the claim has
/// locked, so the counts it read are still theirs) and the delivery-log lines appended in order.
///
/// The counts are written whole, through the primary key (`ON CONFLICT`), rather than added to
/// in an `UPDATE … FROM unnest(…)`: a generic plan of that join made while the table was still
/// small (a new database, the first claims) hash-joins every row of the day on every claim.
struct ClaimWriteStatement: PostgresPreparedStatement {
    typealias Row = ()

    static let sql = """
        WITH claimed AS (
            UPDATE outbox o SET state = 'sending', lease_owner = $1, lease_until = $2,
                cap_day = NULLIF(c.cap_day, \(PostgresStore.none))
            FROM unnest($3::text[], $4::bigint[]) AS c (key, cap_day) WHERE o.key = c.key
            RETURNING 1),
        settled AS (
            UPDATE outbox o SET state = c.state,
                next_attempt_at = COALESCE(NULLIF(c.next_at, \(PostgresStore.none)), o.next_attempt_at),
                lease_owner = NULL, lease_until = NULL, cap_day = NULL
            FROM unnest($5::text[], $6::text[], $7::bigint[]) AS c (key, state, next_at) WHERE o.key = c.key
            RETURNING 1),
        counted AS (
            INSERT INTO phone_day_sends (phone, day, sends) SELECT c.phone, $10, c.sends FROM unnest($8::text[], $9::integer[]) AS c (phone, sends)
            ON CONFLICT (phone, day) DO UPDATE SET sends = excluded.sends
            RETURNING 1)
        \(PostgresStore.appendLogSQL(parameter: 11))
        """

    var owner: String
    var leaseUntil: Int
    var claimedKeys: [String] = []
    var claimedDays: [Int] = []
    var settledKeys: [String] = []
    var settledStates: [String] = []
    var settledNext: [Int] = []
    var countedPhones: [String] = []
    var countedSends: [Int] = []
    var day: Int
    var log: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(owner)
        bindings.append(leaseUntil)
        bindings.append(claimedKeys)
        bindings.append(claimedDays)
        bindings.append(settledKeys)
        bindings.append(settledStates)
        bindings.append(settledNext)
        bindings.append(countedPhones)
        bindings.append(countedSends.map(Int32.init))
        bindings.append(day)
        bindings.append(log)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// The rows a group commit finishes, locked in key order (the order every transaction that
/// locks several uses), each only while its lease is still the one given.
struct HeldAttemptsStatement: PostgresPreparedStatement {
    typealias Row = (String, String, String, Int?)

    static let sql = """
        SELECT o.key, o.state, o.phone, o.cap_day FROM outbox o
        JOIN unnest($1::text[], $2::text[]) AS a (key, owner) ON o.key = a.key AND o.lease_owner = a.owner
        ORDER BY o.key COLLATE "C" FOR UPDATE OF o
        """

    let keys: [String]
    let owners: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(keys)
        bindings.append(owners)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> (String, String, String, Int?) {
        try row.decode((String, String, String, Int?).self)
    }
}

/// A group commit's outcomes and their delivery-log lines, in one statement.
struct FinishAttemptsStatement: PostgresPreparedStatement {
    typealias Row = ()

    static let sql = """
        WITH finished AS (
            UPDATE outbox o SET attempts = o.attempts + 1, lease_owner = NULL, lease_until = NULL, gateway = u.gateway,
                state = u.state, provider_id = CASE WHEN u.accepted THEN NULLIF(u.provider_id, '') ELSE o.provider_id END,
                sent_at = COALESCE(NULLIF(u.sent_at, \(PostgresStore.none)), o.sent_at),
                next_attempt_at = COALESCE(NULLIF(u.next_at, \(PostgresStore.none)), o.next_attempt_at),
                cap_day = CASE WHEN u.keep THEN o.cap_day END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::bigint[],
                        $8::bigint[], $9::boolean[])
                AS u (key, owner, gateway, state, accepted, provider_id, sent_at, next_at, keep)
            WHERE o.key = u.key AND o.lease_owner = u.owner
            RETURNING 1)
        \(PostgresStore.appendLogSQL(parameter: 10))
        """

    var keys: [String] = []
    var owners: [String] = []
    var gateways: [String] = []
    var states: [String] = []
    var accepted: [Bool] = []
    var providerIDs: [String] = []
    var sentAts: [Int] = []
    var nextAts: [Int] = []
    var keeps: [Bool] = []
    var log = ""

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(keys)
        bindings.append(owners)
        bindings.append(gateways)
        bindings.append(states)
        bindings.append(accepted)
        bindings.append(providerIDs)
        bindings.append(sentAts)
        bindings.append(nextAts)
        bindings.append(keeps)
        bindings.append(log)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// Delivery-log lines on their own, for the paths that write nothing else in the same statement.
struct AppendLogStatement: PostgresPreparedStatement {
    typealias Row = ()

    static let sql = PostgresStore.appendLogSQL(parameter: 1)

    let log: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(log)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

extension PostgresStore {
    /// Stands for NULL in the integer arrays `unnest` reads (postgres-nio binds no optional elements).
    static let none = -1

    /// Inserts the delivery-log lines of parameter `$parameter` (JSON from `deliveryLogJSON`) in
    /// their order: `id` numbers them as the array has them.
    static func appendLogSQL(parameter: Int) -> String {
        let columns = DeliveryLogEntry.storedColumns.joined(separator: ", ")
        return """
            INSERT INTO delivery_log (\(columns))
            SELECT \(columns) FROM json_populate_recordset(NULL::delivery_log, $\(parameter)::json) WITH ORDINALITY AS l
            ORDER BY l.ordinality
            """
    }

    /// Delivery-log lines as the JSON array `appendLogSQL` reads.
    static func deliveryLogJSON(_ entries: some Collection<DeliveryLogEntry>) -> String {
        var rows = JSONRowsWriter(columns: DeliveryLogEntry.storedColumns)
        for entry in entries {
            rows.add { entry.write(to: &$0) }
        }
        return rows.text
    }
}
