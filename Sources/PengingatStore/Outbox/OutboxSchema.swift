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
