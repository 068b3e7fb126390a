import ArgumentParser
import Logging
import PengingatCore
import PengingatService

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impor",
        abstract: "Membaca data KPM, kelompok, pendamping dan posyandu dari berkas CSV atau Excel.",
        discussion: """
            Sebutkan folder (semua berkas .csv dan .xlsx di dalamnya dibaca) atau berkasnya satu per
            satu: pendamping.csv, posyandu.csv, kelompok.csv, kpm.csv, anggota.csv, atau buku kerja
            Excel: satu buku kerja per daftar (kpm.xlsx…) atau satu buku kerja dengan lembar bernama
            pendamping, posyandu, kelompok, kpm, anggota. Judul di atas baris judul kolom boleh ada;
            lembar tersembunyi dilewati; nomor HP yang kehilangan angka 0 karena Excel diperbaiki
            dan disebutkan.
            Baris yang benar selalu disimpan; setiap baris yang salah disebutkan baris, kolom dan
            alasannya. Mengimpor ulang berkas yang sama tidak menggandakan data. KPM yang tidak ada
            lagi di kpm.csv menjadi nonaktif (tidak dihapus), kecuali dengan --sebagian.

            Kode keluar: 0 semua tersimpan, 1 tersimpan tetapi ada baris ditolak, 2 tidak ada yang disimpan.
            """,
        aliases: ["import"]
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Folder, berkas CSV atau buku kerja .xlsx yang dibaca.", valueName: "PATH"))
    var paths: [String]

    @Flag(name: [.customLong("strict"), .customLong("ketat")],
          help: "Jangan simpan apa pun bila ada satu saja baris yang salah.")
    var strict = false

    @Flag(name: [.customLong("sebagian"), .customLong("partial")],
          help: "Berkas hanya sebagian data: KPM yang tidak disebut tetap seperti semula.")
    var partial = false

    @Option(name: [.customLong("hari-ini"), .customLong("today")],
            help: ArgumentHelp("Tanggal hari ini untuk memeriksa tanggal lahir dan HPHT (bawaan: hari ini).",
                               valueName: "TANGGAL"),
            transform: parseDateArgument)
    var today: CalendarDate?

    func run() async throws {
        let logger = Logger(label: "pengingat.import")
        let report: ImportReport
        do {
            let importer = RosterImporter(store: try await store.openStore(logger: logger), logger: logger)
            let bar = StandardError.isTerminal ? ProgressBar() : nil
            var handler: ImportProgressHandler?
            if let bar { handler = { progress in bar.show(progress) } }
            report = try await importer.importRoster(
                from: paths,
                options: RosterImporter.Options(
                    strict: strict, partial: partial, today: today ?? latestDateInIndonesia()),
                progress: handler)
            bar?.finish()
        } catch {
            throw fail(error, exitCode: ImportReport.Outcome.nothingStored.exitCode)
        }
        print(ImportReportText(report: report, strict: strict).render())
        if report.outcome != .clean { throw ExitCode(report.outcome.exitCode) }
    }
}
