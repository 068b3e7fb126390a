import GRDB
import GRDBSQLite

/// One prepared statement run for many rows, with each row's values bound straight into
/// SQLite. GRDB's `execute(arguments:)` boxes every value in a `StatementArguments` array
/// first; for a roster import of 100,000 rows that was about a fifth of the time spent storing
/// (BENCHMARKS.md, roster import). Finalized at the end of the scope that made it.
struct BulkStatement: ~Copyable {
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    private let sql: String
    /// False for a statement borrowed from the connection's statement cache, which finalizes it.
    private let owned: Bool

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database is closed", sql: sql)
        }
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        (self.connection, self.statement, self.sql, self.owned) = (connection, prepared, sql, true)
    }

    /// The connection's cached statement for `sql`, prepared once per connection: for statements
    /// run in every transaction (the dispatcher's), where preparing again would cost more than binding.
    init(cached db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database is closed", sql: sql)
        }
        let cached = try db.cachedStatement(sql: sql)
        (self.connection, self.statement, self.sql, self.owned) = (connection, cached.sqliteStatement, sql, false)
    }

    deinit {
        if owned { sqlite3_finalize(statement) } else { sqlite3_reset(statement) }
    }

    /// Binds what `bind` gives (in the statement's parameter order), runs the statement once.
    func execute(_ bind: (inout Binder) -> Void) throws {
        sqlite3_reset(statement)
        var binder = Binder(statement: statement)
        bind(&binder)
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }

    /// Binds what `bind` gives, steps once and reads the first row with `read`; nil when the
    /// statement returns no row. For the dispatcher's per-message look-ups, where GRDB's `Row`
    /// and `StatementArguments` cost more than the look-up itself.
    func fetchFirst<Value>(_ bind: (inout Binder) -> Void, _ read: (Columns) -> Value) throws -> Value? {
        sqlite3_reset(statement)
        var binder = Binder(statement: statement)
        bind(&binder)
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            let value = read(Columns(statement: statement))
            sqlite3_reset(statement)
            return value
        case SQLITE_DONE:
            return nil
        case let code:
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }

    /// The current row's values, by column index (from 0).
    struct Columns {
        fileprivate let statement: OpaquePointer

        func text(_ index: Int32) -> String? {
            guard let bytes = sqlite3_column_text(statement, index) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, index))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func int(_ index: Int32) -> Int? {
            sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(statement, index))
        }
    }

    /// Hands values to the statement's parameters one after the other, starting at the first.
    struct Binder {
        fileprivate let statement: OpaquePointer
        private var index: Int32 = 1
        /// SQLite copies the text: Swift's C string lives only for the call.
        private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

        fileprivate init(statement: OpaquePointer) { self.statement = statement }

        mutating func text(_ value: String?) {
            if var value {
                // The string's own UTF-8 with its length: no C-string copy, no strlen.
                value.withUTF8 { bytes in
                    if let base = bytes.baseAddress {
                        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                            _ = sqlite3_bind_text(statement, index, text, Int32(bytes.count), Self.transient)
                        }
                    } else {
                        _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)
                    }
                }
            } else {
                sqlite3_bind_null(statement, index)
            }
            index += 1
        }

        mutating func int(_ value: Int?) {
            if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { sqlite3_bind_null(statement, index) }
            index += 1
        }

        mutating func bool(_ value: Bool) {
            sqlite3_bind_int64(statement, index, value ? 1 : 0)
            index += 1
        }
    }
}
