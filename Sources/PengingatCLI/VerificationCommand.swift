import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct VerificationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifikasi",
        abstract: "Verifikasi komitmen bulanan: sekolah, posyandu, periksa hamil, nifas, imunisasi.",
        discussion: """
            Setiap bulan, untuk setiap anggota yang punya kewajiban, catat memenuhi, tidak memenuhi \
            atau izin. Yang memenuhi tidak diingatkan lagi untuk kewajiban itu; yang tidak memenuhi \
            mendapat satu pesan lembut esok paginya, dan bila dua bulan berturut-turut, pendamping \
            mendapat tugas kunjungan rumah.

            Alur biasa: pengingat verifikasi lihat --kelompok ID --bulan 2027-03 --csv > verifikasi.csv, \
            isi kolom status, lalu: pengingat verifikasi impor verifikasi.csv
            """,
        subcommands: [Record.self, Import.self, Show.self],
        aliases: ["verification"])

    struct Context {
        let store: any PengingatStore
        let service: VerificationService

        init(store options: StoreOptions, configuration: ConfigurationOptions) async throws {
            let inputs = try await OutreachInputs(store: options, configuration: configuration, label: "pengingat.verification")
            store = inputs.store
            service = VerificationService(
                store: inputs.store, rules: inputs.rules, catalogue: inputs.catalogue, planDays: inputs.settings.web.planDays,
                logger: inputs.logger)
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catat", abstract: "Mencatat hasil verifikasi satu anggota untuk satu komitmen.",
            discussion: """
                Misalnya: pengingat verifikasi catat --bulan 2027-03 --kpm KPM-0002 --anggota Khanza \\
                --komitmen posyandu --status "tidak memenuhi". Mencatat lagi membetulkan catatan sebelumnya.
                """,
            aliases: ["record"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions
        @OptionGroup var recorder: AttendanceCommand.RecorderOption

        @Option(name: [.customLong("bulan"), .customLong("month")], help: ArgumentHelp("Bulan, misalnya 2027-03.", valueName: "BULAN"),
                transform: parseMonthArgument)
        var month: CalendarMonth

        @Option(name: [.customLong("kpm"), .customLong("household")], help: ArgumentHelp("ID KPM.", valueName: "ID"))
        var householdID: String

        @Option(name: [.customLong("anggota"), .customLong("member")], help: ArgumentHelp("Nama anggota seperti di anggota.csv.", valueName: "NAMA"))
        var memberName: String

        @Option(name: [.customLong("komitmen"), .customLong("commitment")],
                help: ArgumentHelp("sekolah, posyandu, periksa hamil, nifas atau imunisasi.", valueName: "KOMITMEN"))
        var commitment: String

        @Option(name: .customLong("status"), help: ArgumentHelp("memenuhi, tidak memenuhi atau izin.", valueName: "HASIL"))
        var status: String

        @Option(name: [.customLong("keterangan"), .customLong("note")], help: ArgumentHelp("Keterangan (boleh kosong).", valueName: "TEKS"))
        var note: String?

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        func run() async throws {
            guard let commitment = Commitment(written: commitment) else {
                throw fail(VerificationError(.unknownCommitment(self.commitment)), exitCode: 1)
            }
            guard let status = VerificationStatus(written: status) else {
                throw fail(VerificationError(.unknownStatus(self.status)), exitCode: 1)
            }
            let context = try await Context(store: store, configuration: configuration)
            do {
                guard let household = try await context.store.household(id: householdID, in: .everything) else {
                    throw VerificationError(.unknownHousehold(householdID))
                }
                let outcome = try await context.service.record(
                    groupID: household.groupID, month: month,
                    entries: [VerificationService.Entry(householdID: householdID, memberName: memberName, commitment: commitment,
                                                        status: status, note: note)],
                    recordedBy: recorder.name, now: at ?? Date())
                print(VerificationText.outcome(outcome))
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "impor", abstract: "Membaca hasil verifikasi dari verifikasi.csv atau verifikasi.xlsx.",
            discussion: """
                Kolom: id_kpm, anggota, komitmen (sekolah, posyandu, periksa hamil, nifas, imunisasi), \
                status (memenuhi, tidak memenuhi, izin), dan boleh ada: bulan (2027-03), keterangan. \
                Baris yang salah disebutkan baris, kolom dan alasannya; baris lain tetap dicatat.

                Kode keluar: 0 semua tercatat, 1 ada baris ditolak, 2 tidak ada yang tercatat.
                """,
            aliases: ["import"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions
        @OptionGroup var recorder: AttendanceCommand.RecorderOption

        @Argument(help: ArgumentHelp("Berkas verifikasi.csv, atau buku kerja .xlsx dengan lembar berkolom yang sama.",
                                     valueName: "BERKAS"))
        var path: String

        @Option(name: [.customLong("bulan"), .customLong("month")],
                help: ArgumentHelp("Bulan untuk baris tanpa kolom bulan, misalnya 2027-03.", valueName: "BULAN"),
                transform: parseMonthArgument)
        var month: CalendarMonth?

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            let result: VerificationImporter.Result
            do {
                result = try await VerificationImporter(service: context.service)
                    .importFile(path, month: month, recordedBy: recorder.name, now: at ?? Date())
            } catch {
                throw fail(error, exitCode: 2)
            }
            for outcome in result.outcomes { print(VerificationText.outcome(outcome) + "\n") }
            try endListImport(recorded: result.outcomes.count, issues: result.issues, nothingRecorded: "Tidak ada hasil verifikasi yang tercatat.")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lihat",
            abstract: "Menampilkan siapa yang diverifikasi bulan itu dan hasilnya; --csv menulis daftar untuk diisi.",
            aliases: ["show"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Option(name: [.customLong("kelompok"), .customLong("group")], help: ArgumentHelp("ID kelompok.", valueName: "ID"))
        var groupID: String

        @Option(name: [.customLong("bulan"), .customLong("month")],
                help: ArgumentHelp("Bulan, misalnya 2027-03 (bawaan: bulan ini).", valueName: "BULAN"),
                transform: parseMonthArgument)
        var month: CalendarMonth?

        @Flag(name: .customLong("csv"), help: "Tulis sebagai verifikasi.csv (pemisah ;) untuk diisi lalu diimpor.")
        var csv = false

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            let sheet: VerificationService.Sheet
            do {
                sheet = try await context.service.sheet(
                    groupID: groupID, month: month ?? CalendarMonth(latestDateInIndonesia()), in: .everything)
            } catch {
                throw fail(error, exitCode: 1)
            }
            print(csv ? VerificationText.csv(sheet) : VerificationText.table(sheet))
        }
    }
}

/// `2027-03` as a command-line month.
func parseMonthArgument(_ text: String) throws -> CalendarMonth {
    guard let month = CalendarMonth(parsing: text.trimmingWhitespace()) else {
        throw ValidationError("\"\(text)\" bukan bulan: tulis seperti 2027-03.")
    }
    return month
}

/// Verification as the facilitator reads it.
enum VerificationText {
    static func word(_ status: VerificationStatus?) -> String {
        switch status {
        case .met: "memenuhi"
        case .notMet: "tidak memenuhi"
        case .excused: "izin"
        case nil: "belum dicatat"
        }
    }

    static func commitment(_ commitment: Commitment) -> String {
        commitment.rawValue.replacingOccurrences(of: "-", with: " ")
    }

    static func table(_ sheet: VerificationService.Sheet) -> String {
        guard !sheet.lines.isEmpty else {
            return "Kelompok \(sheet.group.id) tidak punya anggota dengan kewajiban pada \(sheet.month)."
        }
        var table = TextTable(header: ["KPM", "Nama KPM", "Anggota", "Komitmen", "Hasil", "Keterangan"])
        for line in sheet.lines {
            table.rows.append([
                line.household.id, line.household.caregiverName, line.memberName, commitment(line.commitment),
                word(line.recorded?.status), line.recorded?.note ?? "",
            ])
        }
        let recorded = sheet.lines.filter { $0.recorded != nil }.count
        return "Verifikasi \(sheet.group.name) (\(sheet.group.id)), \(sheet.month): \(recorded) dari \(sheet.lines.count) tercatat.\n"
            + table.render()
    }

    /// The list to fill in: the columns `verifikasi impor` reads, ';'-separated as the roster files are.
    static func csv(_ sheet: VerificationService.Sheet) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = ["bulan;id_kpm;nama_kpm;anggota;komitmen;status;keterangan"]
        for line in sheet.lines {
            lines.append([
                sheet.month.description, line.household.id, line.household.caregiverName, line.memberName,
                commitment(line.commitment), line.recorded.map { word($0.status) } ?? "", line.recorded?.note ?? "",
            ].map(field).joined(separator: ";"))
        }
        return lines.joined(separator: "\n")
    }

    static func outcome(_ outcome: VerificationService.Outcome) -> String {
        let followUps = outcome.followUps
        return [
            "Verifikasi \(outcome.group.id) \(outcome.month) tercatat: memenuhi \(outcome.met), tidak memenuhi \(outcome.notMet), "
                + "izin \(outcome.excused)"
                + (outcome.changed > 0 ? " (\(outcome.changed) catatan baru atau berubah)." : " (tidak ada yang berubah)."),
            "Pesan tindak lanjut: \(followUps.inserted) baru, \(followUps.updated) berubah, \(followUps.withdrawn) ditarik"
                + (followUps.alreadyUnderway > 0 ? ", \(followUps.alreadyUnderway) sudah dikirim" : "")
                + "; tugas kunjungan rumah baru: \(outcome.tasksAdded)"
                + (outcome.tasksWithdrawn > 0 ? ", ditarik: \(outcome.tasksWithdrawn)." : "."),
            "Pengingat yang tidak perlu lagi: \(outcome.plan.withdrawn) ditarik, \(outcome.plan.updated) diubah.",
        ].joined(separator: "\n")
    }
}
