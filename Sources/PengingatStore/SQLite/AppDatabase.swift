import Foundation
import GRDB
import Logging
import PengingatOutbox

/// The SQLite database: one writer (a WAL-mode pool) and the migrations that shape it.
///
/// Every SQLite-backed store shares this one instance, so there is exactly one writer per file.
public final class AppDatabase: Sendable {
    public let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file at `path`, in WAL mode, and migrates it.
    public convenience init(path: String, logger: Logger) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError(operation: .open, path: path, underlying: error)
        }
        var configuration = Configuration()
        // A second process (a CLI import while the service runs) waits instead of failing at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer holds a whole roster import in one transaction (a 20,000-household
            // roster is about 15 MB of pages); with SQLite's default 2 MB cache it spilled to the
            // WAL halfway (BENCHMARKS.md, roster import). Readers keep the default.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -65536")
                // A statement that may fail halfway (an upsert, an UPDATE) first copies the pages it
                // changes into a statement journal. SQLite keeps that journal in memory until one
                // statement needs more than 64 KB, then moves it to a temporary file until the
                // transaction ends, and every later statement's copies become `pwrite`s: a roster
                // import, one transaction, wrote 500 MB into that file, half the writer's time
                // (BENCHMARKS.md, roster import). In memory the journal never moves. Readers keep
                // their temporary files on disk.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // Checkpoints run on the writer, at commit. Every 10,000 pages (about 40 MB of WAL)
                // rather than SQLite's 1,000, a page the dispatcher's group commits change again
                // and again (the indexes' and the log's last pages) is copied to the database
                // once per checkpoint instead of ten times: 6–17% more messages a second in four
                // interleaved pairs of sink-only drains (BENCHMARKS.md, dispatch). The limit
                // gives back the space of a WAL that a roster import made larger still.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
                try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(operation: .open, path: path, underlying: error)
        }
        try self.init(writer: pool, path: path)
        logger.debug("database opened", metadata: ["db.path": "\(path)", "db.journal": "wal"])
    }

    /// Wraps an already open writer (a `DatabaseQueue` in tests) and migrates it.
    public init(writer: any DatabaseWriter, path: String = ":memory:") throws(StoreError) {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError(operation: .migrate, path: path, underlying: error)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 roster") { db in
            try db.create(table: "facilitators") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("phone", .text)
                t.column("email", .text)
            }
            try db.create(table: "posyandus") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("kelurahan", .text).notNull()
                t.column("kelurahan_key", .text).notNull()
                t.column("rw", .text).notNull()
                t.column("schedule", .text).notNull()
                t.column("place", .text).notNull()
            }
            try db.create(index: "posyandus_on_area", on: "posyandus", columns: ["kelurahan_key", "rw"])
            try db.create(table: "p2k2_groups") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("facilitator_id", .text).notNull().references("facilitators")
                t.column("kelurahan", .text).notNull()
                t.column("rw", .text).notNull()
                t.column("zone", .text).notNull()
                t.column("schedule", .text).notNull()
                t.column("place", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("is_pkh_akses", .boolean).notNull()
                // No foreign key: the leader's household arrives in the same import, after the group.
                t.column("leader_household_id", .text)
            }
            try db.create(index: "p2k2_groups_on_facilitator", on: "p2k2_groups", columns: ["facilitator_id"])
            try db.create(table: "households") { t in
                t.primaryKey("id", .text)
                t.column("caregiver_name", .text).notNull()
                t.column("phone", .text)
                t.column("alternate_phone", .text)
                t.column("channel", .text).notNull()
                t.column("language", .text).notNull()
                t.column("group_id", .text).notNull().references("p2k2_groups")
                t.column("rt", .text).notNull()
                t.column("rw", .text).notNull()
                t.column("address", .text).notNull()
                t.column("status", .text).notNull()
                t.column("consent", .text).notNull()
            }
            try db.create(index: "households_on_group", on: "households", columns: ["group_id"])
            try db.create(index: "households_on_phone", on: "households", columns: ["phone"])
            try db.create(table: "members") { t in
                t.column("household_id", .text).notNull().references("households")
                t.column("name_key", .text).notNull()
                t.column("name", .text).notNull()
                t.column("relation", .text).notNull()
                t.column("sex", .text)
                t.column("birth_date", .text)
                t.column("component", .text)
                t.column("last_menstrual_period", .text)
                t.column("delivery_date", .text)
                t.column("school_name", .text).notNull()
                t.column("is_active", .boolean).notNull()
                t.primaryKey(["household_id", "name_key"])
            }
            try db.create(index: "members_on_component", on: "members", columns: ["component"])
        }
        migrator.registerMigration("v2 outbox, meeting changes, tasks") { db in
            try db.create(table: "outbox") { t in
                t.primaryKey("key", .text)
                t.column("source", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("language", .text).notNull()
                t.column("group_id", .text)
                // Unix seconds: comparable, and the same meaning in PostgreSQL later.
                t.column("due_at", .integer).notNull()
                t.column("expires_at", .integer).notNull()
                t.column("priority", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("text", .text).notNull()
                t.column("segments", .integer).notNull()
                t.column("encoding", .text).notNull()
            }
            try db.create(index: "outbox_on_state_due", on: "outbox", columns: ["state", "due_at"])
            try db.create(index: "outbox_on_source_group_due", on: "outbox", columns: ["source", "group_id", "due_at"])
            try db.create(table: "outbox_items") { t in
                t.column("message_key", .text).notNull().references("outbox", onDelete: .cascade)
                t.column("item_key", .text).notNull()
                t.column("household_id", .text).notNull()
                t.column("event_key", .text).notNull()
                t.column("event_at", .integer).notNull()
                t.column("kind", .text).notNull()
                t.primaryKey(["message_key", "item_key"])
            }
            try db.create(index: "outbox_items_on_item", on: "outbox_items", columns: ["item_key"])
            try db.create(index: "outbox_items_on_event", on: "outbox_items", columns: ["event_key"])
            try db.create(table: "meeting_changes") { t in
                t.primaryKey("meeting_id", .text)
                t.column("group_id", .text).notNull()
                t.column("new_start", .text)
                t.column("new_place", .text)
                t.column("cancelled", .boolean).notNull()
                t.column("changed_by", .text).notNull()
            }
            try db.create(table: "facilitator_tasks") { t in
                t.primaryKey("key", .text)
                t.column("kind", .text).notNull()
                t.column("facilitator_id", .text).notNull()
                t.column("household_id", .text).notNull()
                t.column("due", .text).notNull()
                t.column("reason", .text).notNull()
            }
            try db.create(index: "facilitator_tasks_on_due", on: "facilitator_tasks", columns: ["facilitator_id", "due"])
        }
        migrator.registerMigration("v3 dispatch: status model, leases, delivery log") { db in
            // The status model of the dispatch issue: pending/withdrawn/sent were the planner's words.
            try db.execute(sql: """
                UPDATE outbox SET state = CASE state WHEN 'pending' THEN 'queued' WHEN 'withdrawn' THEN 'cancelled'
                    WHEN 'sent' THEN 'accepted' ELSE state END
                """)
            try db.alter(table: "outbox") { t in
                t.add(column: "attempts", .integer).notNull().defaults(to: 0)
                t.add(column: "next_attempt_at", .integer)
                t.add(column: "lease_owner", .text)
                t.add(column: "lease_until", .integer)
                t.add(column: "gateway", .text)
                t.add(column: "provider_id", .text)
                t.add(column: "sent_at", .integer)
                t.add(column: "whatsapp_template", .text)
            }
            try db.create(index: "outbox_on_provider", on: "outbox", columns: ["provider_id"])
            try db.create(index: "outbox_on_phone_sent", on: "outbox", columns: ["phone", "sent_at"])
            try db.create(index: "outbox_on_state_expiry", on: "outbox", columns: ["state", "expires_at"])
            try db.create(index: "outbox_on_state_sent", on: "outbox", columns: ["state", "sent_at"])
            try db.create(index: "outbox_claim_order", on: "outbox", columns: ["state", "priority", "due_at", "key"])
            try db.create(table: "delivery_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("message_key", .text).notNull()
                // Milliseconds since 1970: attempts a few milliseconds apart stay in order.
                t.column("at_ms", .integer).notNull()
                t.column("event", .text).notNull()
                t.column("gateway", .text)
                t.column("http_status", .integer)
                t.column("latency_ms", .integer)
                t.column("error", .text)
                t.column("from_state", .text)
                t.column("to_state", .text)
                t.column("detail", .text)
            }
            try db.create(index: "delivery_log_on_message", on: "delivery_log", columns: ["message_key", "id"])
            // Append-only: the log is evidence; no row is ever changed or removed.
            try db.execute(sql: """
                CREATE TRIGGER delivery_log_no_update BEFORE UPDATE ON delivery_log
                BEGIN SELECT RAISE(ABORT, 'delivery_log is append-only'); END;
                CREATE TRIGGER delivery_log_no_delete BEFORE DELETE ON delivery_log
                BEGIN SELECT RAISE(ABORT, 'delivery_log is append-only'); END;
                """)
        }
        migrator.registerMigration("v4 attendance") { db in
            try db.create(table: "attendance") { t in
                t.column("meeting_id", .text).notNull()
                t.column("group_id", .text).notNull()
                t.column("household_id", .text).notNull()
                t.column("status", .text).notNull()
                t.column("reason", .text)
                t.column("recorded_by", .text).notNull()
                t.column("recorded_at_ms", .integer).notNull()
                t.primaryKey(["meeting_id", "household_id"])
            }
            try db.create(index: "attendance_on_group", on: "attendance", columns: ["group_id", "meeting_id"])
        }
        migrator.registerMigration("v6 broadcasts") { db in
            try db.create(table: "broadcasts") { t in
                t.primaryKey("id", .text)
                t.column("created_by", .text).notNull()
                t.column("created_at_ms", .integer).notNull()
                t.column("audience", .text).notNull()
                t.column("facilitator_id", .text)
                t.column("content", .text).notNull()
                t.column("scheduled_at_ms", .integer).notNull()
                t.column("households", .integer).notNull()
                t.column("messages", .integer).notNull()
                t.column("segments", .integer).notNull()
                t.column("estimated_cost", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("cancelled_by", .text)
                t.column("cancelled_at_ms", .integer)
            }
            try db.create(index: "broadcasts_on_created", on: "broadcasts", columns: ["created_at_ms"])
        }
        migrator.registerMigration("v7 reachability, e-mail in the outbox") { db in
            try db.create(table: "unreachable_households") { t in
                t.primaryKey("household_id", .text)
                t.column("phone", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("since_ms", .integer).notNull()
            }
            // Facilitator digests by e-mail: the address and subject; the phone stays the
            // message's key for caps and logs.
            try db.alter(table: "outbox") { t in
                t.add(column: "email_address", .text)
                t.add(column: "email_subject", .text)
            }
        }
        migrator.registerMigration("v8 replies") { db in
            try db.create(table: "replies") { t in
                t.primaryKey("id", .text)
                t.column("received_at_ms", .integer).notNull()
                t.column("gateway", .text).notNull()
                t.column("provider_id", .text)
                t.column("phone", .text).notNull()
                t.column("household_ids", .text).notNull()
                t.column("group_id", .text)
                t.column("text", .text).notNull()
                t.column("intent", .text).notNull()
                t.column("reason", .text)
                t.column("response", .text).notNull()
                t.column("response_kind", .text)
                t.column("response_key", .text)
                t.column("handled_by", .text)
                t.column("handled_at_ms", .integer)
            }
            try db.execute(sql: """
                CREATE UNIQUE INDEX replies_on_provider_id ON replies (gateway, provider_id) WHERE provider_id IS NOT NULL
                """)
            try db.create(index: "replies_on_phone", on: "replies", columns: ["phone", "received_at_ms"])
            try db.create(index: "replies_on_received", on: "replies", columns: ["received_at_ms"])
            // Replies are matched to households by either of their numbers.
            try db.create(index: "households_on_alternate_phone", on: "households", columns: ["alternate_phone"])
        }
        migrator.registerMigration("v9 accounts") { db in
            try db.create(table: "accounts") { t in
                t.primaryKey("id", .text)
                t.column("display_name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("facilitator_id", .text)
                t.column("password_hash", .text).notNull()
                t.column("active", .boolean).notNull()
                t.column("created_at_ms", .integer).notNull()
            }
            try db.create(table: "api_tokens") { t in
                t.primaryKey("token_hash", .text)
                t.column("account_id", .text).notNull().references("accounts")
                t.column("label", .text).notNull()
                t.column("created_at_ms", .integer).notNull()
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at_ms", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("detail", .text).notNull()
            }
            // The audit trail is append-only, as the delivery log is.
            try db.execute(sql: """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                """)
        }
        migrator.registerMigration("v10 retention horizon") { db in
            // The delivery log stays append-only except behind the horizon that retention moves
            // forward: rows newer than it cannot be deleted by anyone.
            try db.execute(sql: """
                CREATE TABLE delivery_log_retention (id INTEGER PRIMARY KEY CHECK (id = 1), horizon_ms INTEGER NOT NULL);
                INSERT INTO delivery_log_retention (id, horizon_ms) VALUES (1, 0);
                CREATE TRIGGER delivery_log_retention_forward BEFORE UPDATE ON delivery_log_retention
                WHEN NEW.horizon_ms < OLD.horizon_ms
                BEGIN SELECT RAISE(ABORT, 'the retention horizon only moves forward'); END;
                DROP TRIGGER delivery_log_no_delete;
                CREATE TRIGGER delivery_log_no_delete BEFORE DELETE ON delivery_log
                WHEN OLD.at_ms >= (SELECT horizon_ms FROM delivery_log_retention WHERE id = 1)
                BEGIN SELECT RAISE(ABORT, 'delivery_log is append-only'); END;
                CREATE INDEX delivery_log_on_time ON delivery_log (at_ms);
                """)
        }
        migrator.registerMigration("v11 set-based claims, daily cap in the store") { db in
            try db.execute(sql: OutboxSchema.v11SQLite)
        }
        migrator.registerMigration("v12 opaque message keys") { db in
            for statement in OutboxSchema.v12Tables(text: "TEXT") { try db.execute(sql: statement) }
            let hex = MessageKeySecret.randomHex()
            try db.execute(sql: "INSERT INTO store_secrets (name, value) VALUES (?, ?)",
                           arguments: [OutboxSchema.messageKeySecretName, hex])
            let keys = try String.fetchAll(db, sql: OutboxSchema.plannedKeys)
            let map = OutboxSchema.keyMap(keys, secret: MessageKeySecret(hex: hex)!)
            guard !map.isEmpty else { return }
            try db.execute(sql: OutboxSchema.keyMapTable(text: "TEXT"))
            let insert = try db.makeStatement(sql: "INSERT INTO message_key_map (old_key, new_key) VALUES (?, ?)")
            for pair in map { try insert.execute(arguments: [pair.old, pair.new]) }
            // The log's keys are rewritten once, here, and its guard comes back as v3 made it.
            // (The items' reference to the outbox is checked at the end of the migration.)
            try db.execute(sql: "DROP TRIGGER delivery_log_no_update")
            for statement in OutboxSchema.rewriteKeys { try db.execute(sql: statement) }
            try db.execute(sql: """
                CREATE TRIGGER delivery_log_no_update BEFORE UPDATE ON delivery_log
                BEGIN SELECT RAISE(ABORT, 'delivery_log is append-only'); END
                """)
        }
        migrator.registerMigration("v13 outbox indexes by state") { db in
            for statement in OutboxIndexesByState.statements { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v14 active households by phone") { db in
            for statement in RosterIndexes.statements { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v15 web sessions") { db in
            try db.create(table: "web_sessions") { t in
                t.primaryKey("token_hash", .text)
                t.column("account_id", .text).notNull().references("accounts")
                t.column("csrf_token", .text).notNull()
                t.column("expires_at_ms", .integer).notNull()
                t.column("created_at_ms", .integer).notNull()
            }
            try db.create(index: "web_sessions_on_account", on: "web_sessions", columns: ["account_id"])
            try db.create(index: "web_sessions_on_expiry", on: "web_sessions", columns: ["expires_at_ms"])
        }
        migrator.registerMigration("v16 commitment verification") { db in
            for statement in VerificationSchema.statements(text: "TEXT") { try db.execute(sql: statement) }
        }
        return migrator
    }
}
