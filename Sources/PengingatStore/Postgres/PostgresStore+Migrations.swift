import Foundation
import Logging
import PengingatOutbox
import PostgresNIO

/// The same migrations, with the same names and meaning, as `AppDatabase.migrator` (SQLite):
/// instants are Unix seconds (`due_at`, `sent_at`…) or milliseconds (`…_ms`) in BIGINTs, so the
/// queries of both stores read alike. Text compares byte by byte (`COLLATE "C"`), as in SQLite,
/// whatever the database's locale: orderings agree between the stores, and the queries' `ORDER
/// BY … key` can walk the indexes (an explicit collation unlike the column's could not).
extension PostgresStore {
    static let migrations: [(name: String, sql: [String])] = [
        ("v1 roster", [
            """
            CREATE TABLE facilitators (id TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL, phone TEXT COLLATE "C", email TEXT COLLATE "C")
            """,
            """
            CREATE TABLE posyandus (id TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL, kelurahan TEXT COLLATE "C" NOT NULL,
                kelurahan_key TEXT COLLATE "C" NOT NULL, rw TEXT COLLATE "C" NOT NULL, schedule TEXT COLLATE "C" NOT NULL, place TEXT COLLATE "C" NOT NULL)
            """,
            "CREATE INDEX posyandus_on_area ON posyandus (kelurahan_key, rw)",
            """
            CREATE TABLE p2k2_groups (id TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL,
                facilitator_id TEXT COLLATE "C" NOT NULL REFERENCES facilitators (id), kelurahan TEXT COLLATE "C" NOT NULL, rw TEXT COLLATE "C" NOT NULL,
                zone TEXT COLLATE "C" NOT NULL, schedule TEXT COLLATE "C" NOT NULL, place TEXT COLLATE "C" NOT NULL, mode TEXT COLLATE "C" NOT NULL,
                is_pkh_akses BOOLEAN NOT NULL, leader_household_id TEXT COLLATE "C")
            """,
            "CREATE INDEX p2k2_groups_on_facilitator ON p2k2_groups (facilitator_id)",
            """
            CREATE TABLE households (id TEXT COLLATE "C" PRIMARY KEY, caregiver_name TEXT COLLATE "C" NOT NULL, phone TEXT COLLATE "C", alternate_phone TEXT COLLATE "C",
                channel TEXT COLLATE "C" NOT NULL, language TEXT COLLATE "C" NOT NULL, group_id TEXT COLLATE "C" NOT NULL REFERENCES p2k2_groups (id),
                rt TEXT COLLATE "C" NOT NULL, rw TEXT COLLATE "C" NOT NULL, address TEXT COLLATE "C" NOT NULL, status TEXT COLLATE "C" NOT NULL, consent TEXT COLLATE "C" NOT NULL)
            """,
            "CREATE INDEX households_on_group ON households (group_id)",
            "CREATE INDEX households_on_phone ON households (phone)",
            """
            CREATE TABLE members (household_id TEXT COLLATE "C" NOT NULL REFERENCES households (id), name_key TEXT COLLATE "C" NOT NULL,
                name TEXT COLLATE "C" NOT NULL, relation TEXT COLLATE "C" NOT NULL, sex TEXT COLLATE "C", birth_date TEXT COLLATE "C", component TEXT COLLATE "C",
                last_menstrual_period TEXT COLLATE "C", delivery_date TEXT COLLATE "C", school_name TEXT COLLATE "C" NOT NULL, is_active BOOLEAN NOT NULL,
                PRIMARY KEY (household_id, name_key))
            """,
            "CREATE INDEX members_on_component ON members (component)",
        ]),
        ("v2 outbox, meeting changes, tasks", [
            """
            CREATE TABLE outbox (key TEXT COLLATE "C" PRIMARY KEY, source TEXT COLLATE "C" NOT NULL, phone TEXT COLLATE "C" NOT NULL, channel TEXT COLLATE "C" NOT NULL,
                language TEXT COLLATE "C" NOT NULL, group_id TEXT COLLATE "C", due_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
                priority INTEGER NOT NULL, state TEXT COLLATE "C" NOT NULL, text TEXT COLLATE "C" NOT NULL, segments INTEGER NOT NULL,
                encoding TEXT COLLATE "C" NOT NULL)
            """,
            "CREATE INDEX outbox_on_state_due ON outbox (state, due_at)",
            "CREATE INDEX outbox_on_source_group_due ON outbox (source, group_id, due_at)",
            """
            CREATE TABLE outbox_items (message_key TEXT COLLATE "C" NOT NULL REFERENCES outbox (key) ON DELETE CASCADE,
                item_key TEXT COLLATE "C" NOT NULL, household_id TEXT COLLATE "C" NOT NULL, event_key TEXT COLLATE "C" NOT NULL, event_at BIGINT NOT NULL,
                kind TEXT COLLATE "C" NOT NULL, PRIMARY KEY (message_key, item_key))
            """,
            "CREATE INDEX outbox_items_on_item ON outbox_items (item_key)",
            "CREATE INDEX outbox_items_on_event ON outbox_items (event_key)",
            """
            CREATE TABLE meeting_changes (meeting_id TEXT COLLATE "C" PRIMARY KEY, group_id TEXT COLLATE "C" NOT NULL, new_start TEXT COLLATE "C",
                new_place TEXT COLLATE "C", cancelled BOOLEAN NOT NULL, changed_by TEXT COLLATE "C" NOT NULL)
            """,
            """
            CREATE TABLE facilitator_tasks (key TEXT COLLATE "C" PRIMARY KEY, kind TEXT COLLATE "C" NOT NULL, facilitator_id TEXT COLLATE "C" NOT NULL,
                household_id TEXT COLLATE "C" NOT NULL, due TEXT COLLATE "C" NOT NULL, reason TEXT COLLATE "C" NOT NULL)
            """,
            "CREATE INDEX facilitator_tasks_on_due ON facilitator_tasks (facilitator_id, due)",
        ]),
        ("v3 dispatch: status model, leases, delivery log", [
            """
            ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0, ADD COLUMN next_attempt_at BIGINT,
                ADD COLUMN lease_owner TEXT COLLATE "C", ADD COLUMN lease_until BIGINT, ADD COLUMN gateway TEXT COLLATE "C",
                ADD COLUMN provider_id TEXT COLLATE "C", ADD COLUMN sent_at BIGINT, ADD COLUMN whatsapp_template TEXT COLLATE "C"
            """,
            "CREATE INDEX outbox_on_provider ON outbox (provider_id)",
            "CREATE INDEX outbox_on_phone_sent ON outbox (phone, sent_at)",
            "CREATE INDEX outbox_on_state_expiry ON outbox (state, expires_at)",
            "CREATE INDEX outbox_on_state_sent ON outbox (state, sent_at)",
            "CREATE INDEX outbox_claim_order ON outbox (state, priority, due_at, key)",
            """
            CREATE TABLE delivery_log (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, message_key TEXT COLLATE "C" NOT NULL,
                at_ms BIGINT NOT NULL, event TEXT COLLATE "C" NOT NULL, gateway TEXT COLLATE "C", http_status INTEGER, latency_ms INTEGER,
                error TEXT COLLATE "C", from_state TEXT COLLATE "C", to_state TEXT COLLATE "C", detail TEXT COLLATE "C")
            """,
            "CREATE INDEX delivery_log_on_message ON delivery_log (message_key, id)",
            """
            CREATE FUNCTION delivery_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'delivery_log is append-only'; END $$
            """,
            """
            CREATE TRIGGER delivery_log_no_change BEFORE UPDATE OR DELETE ON delivery_log
            FOR EACH ROW EXECUTE FUNCTION delivery_log_append_only()
            """,
        ]),
        ("v4 attendance", [
            """
            CREATE TABLE attendance (meeting_id TEXT COLLATE "C" NOT NULL, group_id TEXT COLLATE "C" NOT NULL, household_id TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL, reason TEXT COLLATE "C", recorded_by TEXT COLLATE "C" NOT NULL, recorded_at_ms BIGINT NOT NULL,
                PRIMARY KEY (meeting_id, household_id))
            """,
            "CREATE INDEX attendance_on_group ON attendance (group_id, meeting_id)",
        ]),
        ("v6 broadcasts", [
            """
            CREATE TABLE broadcasts (id TEXT COLLATE "C" PRIMARY KEY, created_by TEXT COLLATE "C" NOT NULL, created_at_ms BIGINT NOT NULL,
                audience TEXT COLLATE "C" NOT NULL, facilitator_id TEXT COLLATE "C", content TEXT COLLATE "C" NOT NULL, scheduled_at_ms BIGINT NOT NULL,
                households INTEGER NOT NULL, messages INTEGER NOT NULL, segments INTEGER NOT NULL,
                estimated_cost BIGINT NOT NULL, state TEXT COLLATE "C" NOT NULL, cancelled_by TEXT COLLATE "C", cancelled_at_ms BIGINT)
            """,
            "CREATE INDEX broadcasts_on_created ON broadcasts (created_at_ms)",
        ]),
        ("v7 reachability, e-mail in the outbox", [
            """
            CREATE TABLE unreachable_households (household_id TEXT COLLATE "C" PRIMARY KEY, phone TEXT COLLATE "C" NOT NULL, reason TEXT COLLATE "C" NOT NULL,
                since_ms BIGINT NOT NULL)
            """,
            "ALTER TABLE outbox ADD COLUMN email_address TEXT COLLATE \"C\", ADD COLUMN email_subject TEXT COLLATE \"C\"",
        ]),
        ("v8 replies", [
            """
            CREATE TABLE replies (id TEXT COLLATE "C" PRIMARY KEY, received_at_ms BIGINT NOT NULL, gateway TEXT COLLATE "C" NOT NULL,
                provider_id TEXT COLLATE "C", phone TEXT COLLATE "C" NOT NULL, household_ids TEXT COLLATE "C" NOT NULL, group_id TEXT COLLATE "C", text TEXT COLLATE "C" NOT NULL,
                intent TEXT COLLATE "C" NOT NULL, reason TEXT COLLATE "C", response TEXT COLLATE "C" NOT NULL, response_kind TEXT COLLATE "C", response_key TEXT COLLATE "C",
                handled_by TEXT COLLATE "C", handled_at_ms BIGINT)
            """,
            "CREATE UNIQUE INDEX replies_on_provider_id ON replies (gateway, provider_id) WHERE provider_id IS NOT NULL",
            "CREATE INDEX replies_on_phone ON replies (phone, received_at_ms)",
            "CREATE INDEX replies_on_received ON replies (received_at_ms)",
            "CREATE INDEX households_on_alternate_phone ON households (alternate_phone)",
        ]),
        ("v9 accounts", [
            """
            CREATE TABLE accounts (id TEXT COLLATE "C" PRIMARY KEY, display_name TEXT COLLATE "C" NOT NULL, role TEXT COLLATE "C" NOT NULL,
                facilitator_id TEXT COLLATE "C", password_hash TEXT COLLATE "C" NOT NULL, active BOOLEAN NOT NULL, created_at_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_tokens (token_hash TEXT COLLATE "C" PRIMARY KEY, account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
                label TEXT COLLATE "C" NOT NULL, created_at_ms BIGINT NOT NULL)
            """,
            // The audit trail is append-only, as the delivery log is.
            """
            CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT COLLATE "C" NOT NULL,
                action TEXT COLLATE "C" NOT NULL, subject TEXT COLLATE "C" NOT NULL, detail TEXT COLLATE "C" NOT NULL)
            """,
            """
            CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION delivery_log_append_only()
            """,
        ]),
        ("v10 retention horizon", [
            "CREATE TABLE delivery_log_retention (id INTEGER PRIMARY KEY CHECK (id = 1), horizon_ms BIGINT NOT NULL)",
            "INSERT INTO delivery_log_retention (id, horizon_ms) VALUES (1, 0)",
            """
            CREATE FUNCTION delivery_log_retention_forward() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.horizon_ms < OLD.horizon_ms THEN RAISE EXCEPTION 'the retention horizon only moves forward'; END IF;
                RETURN NEW;
            END $$
            """,
            """
            CREATE TRIGGER delivery_log_retention_forward BEFORE UPDATE ON delivery_log_retention
            FOR EACH ROW EXECUTE FUNCTION delivery_log_retention_forward()
            """,
            // Deletion only behind the horizon; updates never (the audit log keeps its own trigger).
            """
            CREATE FUNCTION delivery_log_behind_horizon() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND OLD.at_ms < (SELECT horizon_ms FROM delivery_log_retention WHERE id = 1) THEN RETURN OLD; END IF;
                RAISE EXCEPTION 'delivery_log is append-only';
            END $$
            """,
            "DROP TRIGGER delivery_log_no_change ON delivery_log",
            """
            CREATE TRIGGER delivery_log_no_change BEFORE UPDATE OR DELETE ON delivery_log
            FOR EACH ROW EXECUTE FUNCTION delivery_log_behind_horizon()
            """,
            "CREATE INDEX delivery_log_on_time ON delivery_log (at_ms)",
        ]),
        ("v11 set-based claims, daily cap in the store", OutboxSchema.v11Postgres),
        ("v12 opaque message keys", OutboxSchema.v12Tables(text: "TEXT COLLATE \"C\"")),
        ("v13 outbox indexes by state", OutboxIndexesByState.statements),
        ("v14 active households by phone", RosterIndexes.statements),
        ("v15 web sessions", [
            """
            CREATE TABLE web_sessions (token_hash TEXT COLLATE "C" PRIMARY KEY, account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
                csrf_token TEXT COLLATE "C" NOT NULL, expires_at_ms BIGINT NOT NULL, created_at_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX web_sessions_on_account ON web_sessions (account_id)",
            "CREATE INDEX web_sessions_on_expiry ON web_sessions (expires_at_ms)",
        ]),
        ("v16 commitment verification", VerificationSchema.statements(text: "TEXT COLLATE \"C\"")),
    ]

    /// Work a migration does beyond its SQL, on the migrating connection, inside its transaction.
    static func afterStatements(of migration: String, on connection: PostgresConnection, logger: Logger) async throws {
        guard migration == "v12 opaque message keys" else { return }
        let hex = MessageKeySecret.randomHex()
        try await connection.query(
            "INSERT INTO store_secrets (name, value) VALUES (\(OutboxSchema.messageKeySecretName), \(hex))", logger: logger)
        var keys: [String] = []
        for try await key in try await connection.query(PostgresQuery(unsafeSQL: OutboxSchema.plannedKeys), logger: logger)
            .decode(String.self) {
            keys.append(key)
        }
        let map = OutboxSchema.keyMap(keys, secret: MessageKeySecret(hex: hex)!)
        guard !map.isEmpty else { return }
        try await connection.query(PostgresQuery(unsafeSQL: OutboxSchema.keyMapTable(text: "TEXT COLLATE \"C\"")), logger: logger)
        try await connection.query("""
            INSERT INTO message_key_map (old_key, new_key) SELECT * FROM UNNEST(\(map.map(\.old)), \(map.map(\.new)))
            """, logger: logger)
        // The log's keys are rewritten once, here, with its append-only trigger off for this
        // transaction only; the items' reference to the outbox is dropped and made again, as v2 made it.
        try await connection.query("ALTER TABLE delivery_log DISABLE TRIGGER delivery_log_no_change", logger: logger)
        try await connection.query("ALTER TABLE outbox_items DROP CONSTRAINT outbox_items_message_key_fkey", logger: logger)
        for statement in OutboxSchema.rewriteKeys {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await connection.query("""
            ALTER TABLE outbox_items ADD CONSTRAINT outbox_items_message_key_fkey
            FOREIGN KEY (message_key) REFERENCES outbox (key) ON DELETE CASCADE
            """, logger: logger)
        try await connection.query("ALTER TABLE delivery_log ENABLE TRIGGER delivery_log_no_change", logger: logger)
    }

    /// Applies the migrations not applied yet, in one transaction. An advisory lock
    /// makes processes starting together take turns. It runs on a connection of its own, not
    /// the pool's: before anything runs the client (a `ServiceGroup` starts it only after the
    /// command has opened the store), and so that an unreachable server fails at once instead
    /// of waiting out the pool's attempts to connect.
    public func migrate() async throws(StoreError) {
        do {
            let connection = try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: logger)
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(7246101)", logger: logger)
                    try await connection.query("""
                        CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                        """, logger: logger)
                    var applied = Set<String>()
                    for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                        .decode(String.self) {
                        applied.insert(name)
                    }
                    for migration in Self.migrations where !applied.contains(migration.name) {
                        for statement in migration.sql {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await Self.afterStatements(of: migration.name, on: connection, logger: logger)
                        try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                    }
                }
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw StoreError(operation: .migrate, path: displayURL, underlying: error)
        }
    }
}
