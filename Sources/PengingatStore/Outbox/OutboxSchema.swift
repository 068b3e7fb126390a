import PengingatOutbox

/// The schema changes of the outbox that both stores make, side by side, so they cannot drift:
/// each backend's migration list runs these under the same name (`AppDatabase.migrator`,
/// `PostgresStore.migrations`), and `SchemaParityTests` compares the resulting tables, columns and indexes.
enum OutboxSchema {
    /// The WIB day (its midnight in Unix seconds) of a send time, as `PhoneDay.day(containing:)` computes it.
    private static let sentDay = "((sent_at + 25200) / 86400) * 86400 - 25200"

    /// v11: the daily cap is held in the store (`phone_day_sends`, and `cap_day` on the message
    /// that holds one of the day's sends), so it holds across any number of dispatchers; claims
    /// walk partial indexes of queued rows and of claims by lease, which replace the (state, …)
    /// claim-order and due indexes. Messages already sent count for their day, as they did when
    /// the dispatcher counted them.
    static func v11(bigint: String, text: String) -> [String] {
        [
            "ALTER TABLE outbox ADD COLUMN cap_day \(bigint)",
            """
            CREATE TABLE phone_day_sends (phone \(text) NOT NULL, day \(bigint) NOT NULL, sends INTEGER NOT NULL,
                PRIMARY KEY (phone, day))
            """,
            """
            UPDATE outbox SET cap_day = \(sentDay)
            WHERE sent_at IS NOT NULL AND email_address IS NULL AND source <> 'reply'
            """,
            """
            INSERT INTO phone_day_sends (phone, day, sends)
            SELECT phone, cap_day, COUNT(*) FROM outbox WHERE cap_day IS NOT NULL GROUP BY phone, cap_day
            """,
            "DROP INDEX outbox_claim_order",
            // Claims walk the claim-order index; nothing else reads (state, due_at), and one
            // index fewer is one write fewer for every change of state.
            "DROP INDEX outbox_on_state_due",
            "CREATE INDEX outbox_queued_in_claim_order ON outbox (priority, due_at, key) WHERE state = 'queued'",
            "CREATE INDEX outbox_claims_by_lease ON outbox (lease_until) WHERE state = 'sending'",
        ]
    }

    static var v11SQLite: String { v11(bigint: "INTEGER", text: "TEXT").joined(separator: ";\n") }
    static var v11Postgres: [String] { v11(bigint: "BIGINT", text: "TEXT COLLATE \"C\"") }
}

/// v13: a message changes state twice on its way out (claimed, then accepted or failed), and
/// every index whose columns or condition name `state`, `sent_at` or `provider_id` is rewritten
/// each time; the (state, …) indexes changed on every claim and outcome although the sweeps
/// that read them look at one state each. Each sweep now has a partial index of the one state it
/// reads (queued rows by expiry, accepted rows by send time), so a claim and its outcome touch
/// three index entries each instead of six and nine. Retention's sweep reads every state by
/// expiry, which never changes after a message is planned; the failed-numbers summary reads by
/// phone, which never changes; reports look up provider ids, which only accepted messages have.
enum OutboxIndexesByState {
    static let statements = [
        "DROP INDEX outbox_on_state_expiry",
        "DROP INDEX outbox_on_state_sent",
        "DROP INDEX outbox_on_phone_sent",
        "DROP INDEX outbox_on_provider",
        "CREATE INDEX outbox_queued_by_expiry ON outbox (expires_at) WHERE state = 'queued'",
        "CREATE INDEX outbox_accepted_by_sent ON outbox (sent_at) WHERE state = 'accepted'",
        "CREATE INDEX outbox_by_expiry ON outbox (expires_at)",
        "CREATE INDEX outbox_on_phone ON outbox (phone)",
        "CREATE INDEX outbox_on_provider ON outbox (provider_id) WHERE provider_id IS NOT NULL",
    ]
}

/// v12: planned messages get opaque keys (`PlanMessageKey`). The store keeps the secret that
/// names them; every key of the earlier form, in the outbox, its items and the delivery log,
/// is rewritten to the form the planner now makes, so history and idempotency carry over.
/// Each backend lifts the log's append-only guard and the items' reference around `rewrite`.
extension OutboxSchema {
    static let messageKeySecretName = "message_key"

    static func v12Tables(text: String) -> [String] {
        ["CREATE TABLE store_secrets (name \(text) PRIMARY KEY, value \(text) NOT NULL)"]
    }

    /// The keys to look at: every planned key the outbox or the log has (those of the earlier
    /// form are picked out in Swift).
    static let plannedKeys = """
        SELECT key FROM outbox WHERE key LIKE 'plan/%'
        UNION SELECT DISTINCT message_key FROM delivery_log WHERE message_key LIKE 'plan/%'
        """

    static func keyMapTable(text: String) -> String {
        "CREATE TEMPORARY TABLE message_key_map (old_key \(text) PRIMARY KEY, new_key \(text) NOT NULL)"
    }

    static let rewriteKeys = [
        """
        UPDATE outbox SET key = (SELECT new_key FROM message_key_map WHERE old_key = outbox.key)
        WHERE key IN (SELECT old_key FROM message_key_map)
        """,
        """
        UPDATE outbox_items SET message_key = (SELECT new_key FROM message_key_map WHERE old_key = outbox_items.message_key)
        WHERE message_key IN (SELECT old_key FROM message_key_map)
        """,
        """
        UPDATE delivery_log SET message_key = (SELECT new_key FROM message_key_map WHERE old_key = delivery_log.message_key)
        WHERE message_key IN (SELECT old_key FROM message_key_map)
        """,
        "DROP TABLE message_key_map",
    ]

    /// Old key → new key for the keys of the earlier form among `keys`.
    static func keyMap(_ keys: [String], secret: MessageKeySecret) -> [(old: String, new: String)] {
        keys.filter(PlanMessageKey.isLegacy).map { ($0, PlanMessageKey.current($0, secret: secret)) }
    }
}
