import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ringkasan",
        abstract: "Ringkasan pagi untuk pendamping: pertemuan hari ini, kunjungan rumah, KPM sulit dihubungi, pesan gagal.",
        discussion: """
            `pengingat kirim` (tanpa --sekali) membuat ringkasan ini sendiri setiap pagi pada jam
            `digest.at` di zona pendamping dan mengirimnya lewat e-mail atau HP. Perintah ini membuatnya
            sekarang juga, misalnya dari cron, atau hanya menampilkannya dengan --coba.
            """,
        aliases: ["digest"])

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigurationOptions

    @Option(name: [.customLong("pendamping"), .customLong("facilitator")],
            help: ArgumentHelp("Hanya untuk pendamping ini.", valueName: "ID"))
    var facilitatorID: String?

    @Option(name: [.customLong("pada"), .customLong("at")],
            help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
            transform: parseInstantArgument)
    var at: Date?

    @Flag(name: [.customLong("coba"), .customLong("dry-run")], help: "Hanya tampilkan; tidak ada yang disimpan atau dikirim.")
    var dryRun = false

    func run() async throws {
        let logger = Logger(label: "pengingat.digest")
        let service: DigestService
        do {
            let settings = try configuration.load()
            service = DigestService(
                store: try await store.openStore(logger: logger), rules: try PlanningRules.load(settings),
                catalogue: try settings.loadTemplates(configurationPath: configuration.resolvedPath), settings: settings.digest,
                logger: logger)
        } catch {
            throw fail(error, exitCode: 1)
        }
        let digests: [DigestService.Digest]
        do {
            digests = try await service.run(now: at ?? Date(), facilitatorID: facilitatorID, force: true, queue: !dryRun)
        } catch {
            throw fail(error, exitCode: 1)
        }
        if let facilitatorID, digests.isEmpty {
            StandardError.write("Pendamping \(facilitatorID) tidak ditemukan.\n")
            throw ExitCode(1)
        }
        var homeless = 0
        for digest in digests {
            let destination = digest.message.map { message in
                message.email.map { "e-mail \($0.address)" } ?? "\(message.channel == .sms ? "SMS" : "WhatsApp") \(message.phone.masked)"
            }
            print("== \(digest.facilitator.name) (\(digest.facilitator.id)) → \(destination ?? "tidak bisa dikirim: tidak ada no HP")")
            print(digest.text + "\n")
            if digest.message == nil { homeless += 1 }
        }
        if dryRun {
            print("Uji coba: tidak ada yang disimpan atau dikirim.")
        } else {
            print("\(digests.count - homeless) ringkasan masuk kotak keluar; dikirim oleh `pengingat kirim`.")
        }
        if homeless > 0 {
            StandardError.write("\(homeless) pendamping tanpa no HP di pendamping.csv: ringkasannya tidak bisa dikirim. "
                + "Isi kolom no_hp (juga bila ringkasan dikirim lewat e-mail).\n")
        }
    }
}
