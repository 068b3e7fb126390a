import ArgumentParser
import Foundation
import Logging
import PengingatService
import PengingatStore

/// `pengingat cadangkan`: a consistent copy of the SQLite database, taken while the service runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cadangkan",
        abstract: "Salin basis data SQLite ke berkas cadangan (boleh sambil layanan berjalan).",
        discussion: """
            Memulihkan: hentikan layanan, simpan berkas lama, salin cadangan ke jalur --db
            (hapus berkas -wal dan -shm lama di sampingnya), lalu jalankan layanan lagi.
            Untuk PostgreSQL pakai pg_dump dan pg_restore.
            """,
        aliases: ["backup"])

    @OptionGroup var store: StoreOptions

    @Option(name: [.customLong("ke"), .customLong("to")],
            help: ArgumentHelp("Berkas cadangan (bawaan: var/cadangan/pengingat-TANGGAL-JAM.sqlite).", valueName: "PATH"))
    var destination: String?

    func run() async throws {
        guard !store.isPostgres else {
            StandardError.write("""
                Gagal: [CDG01] Cadangan bawaan hanya untuk basis data SQLite; ini PostgreSQL.
                  Perbaikan: pakai pg_dump -Fc (dan pg_restore untuk memulihkan).

                """)
            throw ExitCode(1)
        }
        let target = destination ?? Self.defaultDestination(now: Date())
        guard URL(fileURLWithPath: target).standardizedFileURL != URL(fileURLWithPath: store.resolvedPath).standardizedFileURL else {
            StandardError.write("Gagal: [CDG02] Berkas cadangan sama dengan basis data.\n  Perbaikan: pilih jalur lain dengan --ke.\n")
            throw ExitCode(1)
        }
        do {
            let database = try SQLiteStore(path: store.resolvedPath, logger: Logger(label: "pengingat.backup"))
            let summary = try await database.backup(to: target)
            print("Cadangan tersimpan: \(summary.path) (\(summary.bytes / 1024) KiB; \(summary.households) KPM, "
                + "\(summary.messages) pesan, \(summary.logEntries) baris log; pemeriksaan integritas: baik).")
        } catch {
            throw fail(error, exitCode: 1)
        }
    }

    static func defaultDestination(now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "var/cadangan/pengingat-\(formatter.string(from: now)).sqlite"
    }
}

/// `pengingat bersihkan`: removes delivery history older than the retention period.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bersihkan",
        abstract: "Hapus riwayat pengiriman yang lebih tua dari masa simpan (retention.delivery_log_days).",
        aliases: ["prune"])

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigurationOptions

    @Option(name: [.customLong("simpan-hari"), .customLong("keep-days")],
            help: ArgumentHelp("Simpan riwayat sekian hari terakhir (bawaan dari konfigurasi, paling sedikit \(RetentionSettings.minimumDays)).",
                               valueName: "HARI"))
    var keepDays: Int?

    func run() async throws {
        var settings: RetentionSettings
        do {
            settings = try configuration.load().retention
        } catch {
            throw fail(error, exitCode: 1)
        }
        if let keepDays {
            guard keepDays >= RetentionSettings.minimumDays else {
                throw ValidationError("--simpan-hari paling sedikit \(RetentionSettings.minimumDays) hari (laporan bulanan membacanya).")
            }
            settings.deliveryLogDays = keepDays
        }
        do {
            let logger = Logger(label: "pengingat.prune")
            let database = try await store.openStore(logger: logger)
            let retention = RetentionService(store: database, settings: settings, logger: logger)
            let summary = try await retention.pruneOnce()
            print("Riwayat lebih dari \(settings.deliveryLogDays) hari dihapus: \(summary.logEntries) baris log, \(summary.messages) pesan selesai.")
        } catch {
            throw fail(error, exitCode: 1)
        }
    }
}
