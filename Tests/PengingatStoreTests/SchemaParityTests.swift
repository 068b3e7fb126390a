import Foundation
import GRDB
import Logging
import PengingatStore
import PostgresNIO
import PengingatTestSupport
import Testing

/// The two backends' migrations are written twice (GRDB's builder and SQL); this keeps them
/// describing one schema.
@Suite("Schema parity", .enabled(if: PostgresTestServer.url != nil, "make test starts a PostgreSQL cluster; swift test alone does not"))
struct SchemaParityTests {
    @Test("SQLite and PostgreSQL, fully migrated, have the same tables with the same columns and the same named indexes")
    func sameSchema() async throws {
        let sqlite = try SQLiteStore.inMemory()
        let (sqliteColumns, sqliteIndexes) = try await sqlite.database.writer.read { db in
            var columns = Set<String>()
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                """)
            for table in tables {
                for column in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]) {
                    columns.insert("\(table).\(column)")
                }
            }
            let indexes = Set(try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'
                """))
            return (columns, indexes)
        }

        let url = try await PostgresTestServer.freshDatabaseURL()
        let postgres = try await PostgresStore.open(url: url, logger: Logger(label: "test"))
        await postgres.close()
        let connection = try await PostgresTestServer.connect(to: url)
        var postgresColumns = Set<String>()
        for try await (table, column) in try await connection.query("""
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
            """, logger: Logger(label: "test")).decode((String, String).self) {
            postgresColumns.insert("\(table).\(column)")
        }
        var postgresIndexes = Set<String>()
        for try await name in try await connection.query("""
            SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'
            """, logger: Logger(label: "test")).decode(String.self) {
            postgresIndexes.insert(name)
        }
        try await connection.close()

        #expect(sqliteColumns.subtracting(postgresColumns).sorted() == [], "only in SQLite")
        #expect(postgresColumns.subtracting(sqliteColumns).sorted() == [], "only in PostgreSQL")
        #expect(sqliteIndexes.subtracting(postgresIndexes).sorted() == [], "indexes only in SQLite")
        #expect(postgresIndexes.subtracting(sqliteIndexes).sorted() == [], "indexes only in PostgreSQL")
        #expect(sqliteColumns.contains("phone_day_sends.sends") && sqliteColumns.contains("outbox.cap_day"))
    }
}
