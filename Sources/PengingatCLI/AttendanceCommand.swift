import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct AttendanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kehadiran",
        abstract: "Mencatat kehadiran P2K2; KPM yang tidak hadir mendapat pesan penyemangat esok paginya.",
        discussion: """
            Sebutkan yang tidak hadir dan yang izin; KPM aktif lainnya di kelompok itu dicatat hadir.
            Mencatat pertemuan yang sama lagi membetulkan catatan sebelumnya, tidak menggandakannya:
            pesan untuk KPM yang ternyata hadir ditarik kembali.
            """,
        subcommands: [Record.self, Import.self, Show.self],
        aliases: ["attendance"])

    /// The attendance service over the configured store, rules and templates.
    struct Context {
        let store: any PengingatStore
        let service: AttendanceService

        init(store options: StoreOptions, configuration: ConfigurationOptions) async throws {
            let inputs = try await OutreachInputs(store: options, configuration: configuration, label: "pengingat.attendance")
            store = inputs.store
            service = AttendanceService(store: inputs.store, rules: inputs.rules, catalogue: inputs.catalogue, logger: inputs.logger)
        }
    }

    /// Who is recording: `--oleh`, else PENGINGAT_OPERATOR, else the login name.
    struct RecorderOption: ParsableArguments {
        @Option(name: [.customLong("oleh"), .customLong("by")],
                help: ArgumentHelp("Siapa yang mencatat (bawaan: PENGINGAT_OPERATOR atau nama login).", valueName: "NAMA"))
        var recordedBy: String?

        var name: String { operatorName(recordedBy) }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catat", abstract: "Mencatat kehadiran satu pertemuan.", aliases: ["record"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions
        @OptionGroup var recorder: RecorderOption

        @Option(name: [.customLong("pertemuan"), .customLong("meeting")],
                help: ArgumentHelp("ID pertemuan, misalnya KLP-01/2026-12.", valueName: "ID"))
        var meetingID: String

        @Option(name: [.customLong("tidak-hadir"), .customLong("absent")],
                help: ArgumentHelp("ID KPM yang tidak hadir, dipisah koma.", valueName: "ID,ID"))
        var absent: [String] = []

        @Option(name: [.customLong("izin"), .customLong("excused")],
                help: ArgumentHelp("KPM yang izin dengan alasannya, misalnya KPM-0007:anak sakit. Boleh diulang.",
                                   valueName: "ID:ALASAN"))
        var excused: [String] = []

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            let absentIDs = Set(absent.flatMap { $0.split(separator: ",") }.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty })
            var excusedReasons: [Household.ID: String] = [:]
            for entry in excused {
                let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
                guard let id = parts.first, !id.isEmpty else { continue }
                excusedReasons[id] = parts.count > 1 && !parts[1].isEmpty ? parts[1] : "-"
            }
            let outcome: AttendanceService.Outcome
            do {
                outcome = try await context.service.record(
                    meetingID: meetingID, absent: absentIDs, excused: excusedReasons, recordedBy: recorder.name, now: at ?? Date())
            } catch {
                throw fail(error, exitCode: 1)
            }
            print(try await AttendanceText.outcome(outcome, store: context.store))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "impor", abstract: "Membaca daftar hadir dari kehadiran.csv atau kehadiran.xlsx.",
            discussion: """
                Kolom: id_kelompok, tanggal, id_kpm, status (hadir, izin, tidak hadir), keterangan.
                KPM aktif kelompok itu yang tidak disebut dicatat hadir. Baris yang salah disebutkan
                baris dan alasannya; baris lain tetap dicatat.
                Kode keluar: 0 semua tercatat, 1 ada baris ditolak.
                """,
            aliases: ["import"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions
        @OptionGroup var recorder: RecorderOption

        @Argument(help: ArgumentHelp("Berkas kehadiran.csv, atau buku kerja .xlsx dengan lembar berkolom yang sama.", valueName: "BERKAS"))
        var path: String

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            let result: AttendanceImporter.Result
            do {
                result = try await AttendanceImporter(service: context.service)
                    .importFile(path, recordedBy: recorder.name, now: at ?? Date())
            } catch {
                throw fail(error, exitCode: 2)
            }
            for outcome in result.outcomes { print(try await AttendanceText.outcome(outcome, store: context.store) + "\n") }
            try endListImport(recorded: result.outcomes.count, issues: result.issues, nothingRecorded: "Tidak ada kehadiran yang tercatat.")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lihat", abstract: "Menampilkan kehadiran satu pertemuan.", aliases: ["show"])

        @OptionGroup var store: StoreOptions

        @Option(name: [.customLong("pertemuan"), .customLong("meeting")],
                help: ArgumentHelp("ID pertemuan, misalnya KLP-01/2026-12.", valueName: "ID"))
        var meetingID: String

        func run() async throws {
            let store: any PengingatStore
            do { store = try await self.store.openStore(logger: Logger(label: "pengingat.attendance")) } catch { throw fail(error, exitCode: 1) }
            let records = try await store.attendance(meetingID: meetingID)
            guard !records.isEmpty else {
                StandardError.write("Kehadiran \(meetingID) belum dicatat. Catat dengan: pengingat kehadiran catat --pertemuan \(meetingID)\n")
                throw ExitCode(1)
            }
            let names = try await AttendanceText.names(store: store, ids: Set(records.map(\.householdID)))
            var table = TextTable(header: ["KPM", "Nama", "Kehadiran", "Keterangan", "Dicatat"])
            for record in records.sorted(by: { $0.householdID < $1.householdID }) {
                let local = LocalDateTime(record.recordedAt, in: .wib)
                table.rows.append([
                    record.householdID, names[record.householdID] ?? "-", AttendanceText.word(record.status), record.reason ?? "",
                    "\(record.recordedBy), \(local.date) \(local.time) WIB",
                ])
            }
            print(table.render())
        }
    }
}

/// Attendance as the facilitator reads it.
enum AttendanceText {
    static func word(_ status: AttendanceStatus) -> String {
        switch status {
        case .present: "hadir"
        case .excused: "izin"
        case .absent: "tidak hadir"
        }
    }

    static func level(_ level: MotivationLevel) -> String {
        switch level {
        case .excused: "pesan \"kami kangen\" (izin)"
        case .firstMiss: "pesan penyemangat 1 (absen pertama)"
        case .secondMiss: "pesan penyemangat 2 (absen kedua berturut-turut)"
        case .thirdMiss: "pesan penyemangat 3 dan kunjungan rumah (absen ketiga)"
        }
    }

    static func names(store: any PengingatStore, ids: Set<Household.ID>) async throws -> [Household.ID: String] {
        var names: [Household.ID: String] = [:]
        for id in ids { names[id] = try await store.household(id: id, in: .everything)?.caregiverName }
        return names
    }

    static func outcome(_ outcome: AttendanceService.Outcome, store: any PengingatStore) async throws -> String {
        var lines = ["Kehadiran \(outcome.meeting.id) tercatat: hadir \(outcome.present), izin \(outcome.excused), "
            + "tidak hadir \(outcome.absent)" + (outcome.changed > 0 ? " (\(outcome.changed) catatan baru atau berubah)." : " (tidak ada yang berubah).")]
        if !outcome.levels.isEmpty {
            let names = try await names(store: store, ids: Set(outcome.levels.keys))
            lines.append("Tindak lanjut:")
            for (id, level) in outcome.levels.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(id) \(names[id] ?? ""): \(Self.level(level))")
            }
        }
        let summary = outcome.outbox
        lines.append("Kotak keluar: \(summary.inserted) pesan baru, \(summary.updated) berubah, \(summary.withdrawn) ditarik"
            + (summary.alreadyUnderway > 0 ? ", \(summary.alreadyUnderway) sudah dikirim" : "") + "; tugas kunjungan baru: \(outcome.tasksAdded)"
            + (outcome.tasksWithdrawn > 0 ? ", ditarik: \(outcome.tasksWithdrawn)." : "."))
        return lines.joined(separator: "\n")
    }
}

/// Who is doing this, for records that keep it: the option, PENGINGAT_OPERATOR, or the login name.
func operatorName(_ given: String?) -> String {
    if let given, !given.trimmingWhitespace().isEmpty { return given.trimmingWhitespace() }
    let environment = ProcessInfo.processInfo.environment
    if let name = environment["PENGINGAT_OPERATOR"] ?? environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "tidak diketahui"
}
