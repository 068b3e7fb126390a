import GRDB
import PengingatCore
import PostgresNIO
import _ConnectionPoolModule

/// A storage failure, carrying SQLite's result code when there is one (PostgreSQL's SQLSTATE
/// goes into the detail).
public struct StoreError: ExplainedError {
    public enum Operation: String, Sendable {
        case open, migrate, read, write
    }

    public let operation: Operation
    public let path: String
    /// SQLite's primary result code (5 busy, 13 full, 14 cannot open…), nil when not from SQLite.
    public let resultCode: Int32?
    /// PostgreSQL's SQLSTATE (`40P01` deadlock, `57P01` shutdown…), nil when not from PostgreSQL.
    public let sqlState: String?
    /// The PostgreSQL connection broke or could not be opened (the server restarted, the network
    /// dropped): a later attempt on a new connection may succeed.
    public let connectionLost: Bool
    public let detail: String
    /// The operation was given up because its task was cancelled (a shutdown), not because the
    /// store failed: callers end quietly instead of reporting a database error.
    public let isCancellation: Bool

    public init(operation: Operation, path: String, underlying: any Error) {
        let underlying = Self.cause(of: underlying)
        self.operation = operation
        self.path = path
        // PostgresClient's pool gives up on a connection request when the waiting task is
        // cancelled, and fails it when the client has been stopped: a shutdown either way.
        self.isCancellation = underlying is CancellationError
            || (underlying as? DatabaseError)?.resultCode == .SQLITE_INTERRUPT
            || [.requestCancelled, .poolShutdown].contains(underlying as? ConnectionPoolError)
            || [.queryCancelled, .poolClosed].contains((underlying as? PSQLError)?.code)
        if let error = underlying as? DatabaseError {
            self.resultCode = error.resultCode.primaryResultCode.rawValue
            self.sqlState = nil
            self.connectionLost = false
            self.detail = error.message ?? "\(error.resultCode)"
        } else if let error = underlying as? PSQLError {
            self.resultCode = nil
            self.sqlState = error.serverInfo?[.sqlState]
            self.connectionLost = [.serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection]
                .contains(error.code)
            // PSQLError's description hides the server's words on purpose; the message and
            // SQLSTATE name no household data.
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            self.detail = (error.serverInfo?[.message] ?? "\(error.code)") + state
        } else {
            self.resultCode = nil
            self.sqlState = nil
            // An operation the lost-answer guard gave up on; or the pool found that no
            // connection could be opened for a while (a server down longer than a restart).
            self.connectionLost = underlying is AbandonedOperation
                || (underlying as? ConnectionPoolError) == .connectionCreationCircuitBreakerTripped
            self.detail = "\(underlying)"
        }
    }

    /// The error that made a PostgreSQL transaction fail, rather than the wrapper that
    /// `withTransaction` puts around it: the body's, or else BEGIN's or COMMIT's.
    private static func cause(of error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError,
              let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError
        else { return error }
        return Self.cause(of: cause)
    }

    public init(operation: Operation, path: String, detail: String) {
        self.operation = operation
        self.path = path
        self.isCancellation = false
        self.resultCode = nil
        self.sqlState = nil
        self.connectionLost = false
        self.detail = detail
    }

    /// Whether waiting and trying again can succeed without anyone changing anything but time
    /// or disk space: a busy or locked SQLite file, a full disk, an I/O hiccup, a PostgreSQL
    /// server restarting, a deadlock or serialization failure. The dispatcher and the schedulers
    /// wait these out instead of stopping; a corrupt or unreadable database is not one of them.
    public var isTransient: Bool {
        if connectionLost { return true }
        switch resultCode {
        case 5?, 6?, 10?, 13?: return true  // busy, locked, I/O error, full
        default: break
        }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08")  // connection exception
            || ["40001", "40P01", "53100", "53200", "53300", "57P01", "57P02", "57P03", "55P03"].contains(sqlState)
    }

    public var code: String {
        switch resultCode {
        case 5?, 6?: "DB05"  // busy, locked
        case 13?: "DB13"  // disk full
        case 14?: "DB14"  // cannot open
        case 8?: "DB08"  // read-only
        case 11?, 26?: "DB11"  // corrupt, not a database
        default: "DB00"
        }
    }

    public var explanation: String {
        switch code {
        case "DB05": "Basis data \(path) sedang dipakai proses lain terlalu lama."
        case "DB13": "Disk penuh; basis data \(path) tidak bisa ditulis."
        case "DB14": "Berkas basis data \(path) tidak bisa dibuka."
        case "DB08": "Basis data \(path) hanya bisa dibaca."
        case "DB11": "Berkas \(path) rusak atau bukan basis data Pengingat."
        default: "Basis data \(path) gagal (\(operation.rawValue)): \(detail)."
        }
    }

    public var remedy: String {
        switch code {
        case "DB05": "Tunggu sebentar lalu ulangi; pastikan tidak ada impor lain yang berjalan."
        case "DB13": "Kosongkan ruang disk, lalu ulangi. Data yang sudah tersimpan tidak berubah."
        case "DB14", "DB08": "Periksa jalur --db dan izin folder atau berkasnya."
        case "DB11": "Pakai cadangan terakhir, atau arahkan --db ke berkas lain."
        default: "Ulangi; bila masih gagal, hubungi operator dengan kode ini."
        }
    }
}
