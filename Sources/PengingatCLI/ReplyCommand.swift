import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balasan",
        abstract: "Balasan dari KPM: membaca, menandai sudah ditangani, mencatat SMS yang masuk ke HP pendamping.",
        discussion: """
            Balasan datang lewat Kannel (URL MO) dan webhook WhatsApp ketika `pengingat kirim` berjalan
            dengan `dispatch.callback_listen`. Kata kunci: HADIR/YA/SIAP, IZIN <alasan>/TIDAK, JADWAL,
            BERHENTI/STOP (berhenti menerima pesan), MULAI (menerima lagi); selain itu disimpan untuk dibaca.
            """,
        subcommands: [List.self, Mark.self, Receive.self],
        defaultSubcommand: List.self,
        aliases: ["replies"])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daftar", abstract: "Menampilkan balasan yang belum ditangani (terbaru dulu).", aliases: ["list"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ScopeOptions

        @Flag(name: [.customLong("semua"), .customLong("all")], help: "Termasuk yang sudah ditangani.")
        var all = false

        @Option(name: [.customLong("batas"), .customLong("limit")], help: "Paling banyak sekian balasan.")
        var limit = 50

        func run() async throws {
            let store: any PengingatStore
            do { store = try await self.store.openStore(logger: Logger(label: "pengingat.replies")) } catch { throw fail(error, exitCode: 1) }
            let replies = try await store.replies(in: scope.scope, unhandledOnly: !all, since: nil, limit: limit)
            guard !replies.isEmpty else {
                print(all ? "Belum ada balasan." : "Tidak ada balasan yang menunggu.")
                return
            }
            var table = TextTable(header: ["ID", "Diterima", "Dari", "KPM", "Arti", "Isi", "Jawaban", "Ditangani"])
            for reply in replies {
                let local = LocalDateTime(reply.receivedAt, in: .wib)
                table.rows.append([
                    reply.id, "\(local.date) \(local.time) WIB", reply.phone.masked,
                    reply.householdIDs.isEmpty ? "(tidak dikenal)" : reply.householdIDs.joined(separator: ","),
                    reply.intent.indonesianMeaning, Reply.oneLine(reply.text, maxLength: 60), ReplyText.response(reply),
                    reply.handledBy.map { "oleh \($0)" } ?? "belum",
                ])
            }
            print(table.render())
        }
    }

    struct Mark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tandai", abstract: "Menandai balasan sudah dibaca dan ditangani.", aliases: ["mark"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var recorder: AttendanceCommand.RecorderOption

        @Argument(help: ArgumentHelp("ID balasan (lihat: pengingat balasan daftar).", valueName: "ID"))
        var ids: [String]

        func run() async throws {
            let store: any PengingatStore
            do { store = try await self.store.openStore(logger: Logger(label: "pengingat.replies")) } catch { throw fail(error, exitCode: 1) }
            for id in ids {
                guard try await store.markReplyHandled(id: id, by: recorder.name, at: Date(), in: scope.scope) else {
                    throw fail(ReplyError(.unknownReply(id)), exitCode: 1)
                }
                print("Balasan \(id) ditandai sudah ditangani oleh \(recorder.name).")
            }
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "terima",
            abstract: "Mencatat SMS yang dikirim KPM ke HP pendamping, seolah masuk lewat gateway.",
            discussion: "Kata kuncinya dijalankan (misalnya BERHENTI) dan jawabannya masuk kotak keluar.",
            aliases: ["receive"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Option(name: [.customLong("dari"), .customLong("from")], help: ArgumentHelp("Nomor pengirim.", valueName: "NOMOR"))
        var from: String

        @Option(name: [.customLong("teks"), .customLong("text")], help: ArgumentHelp("Isi pesannya.", valueName: "TEKS"))
        var text: String

        @Flag(name: [.customLong("whatsapp")], help: "Pesan itu datang lewat WhatsApp (jawaban juga lewat WhatsApp).")
        var whatsApp = false

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Kapan pesan itu diterima (bawaan: sekarang).", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        func run() async throws {
            let logger = Logger(label: "pengingat.replies")
            let outcome: ReplyService.Outcome
            do {
                guard !text.trimmingWhitespace().isEmpty else { throw ReplyError(.emptyText) }
                let phone = try PhoneNumber(parsing: from)
                let settings = try configuration.load()
                let store = try await self.store.openStore(logger: logger)
                let service = ReplyService(
                    store: store, rules: try PlanningRules.load(settings),
                    catalogue: try settings.loadTemplates(configurationPath: configuration.resolvedPath), settings: settings.replies,
                    logger: logger)
                outcome = try await service.receive(.init(
                    gateway: "cli", providerID: nil, from: phone, text: text, receivedAt: at ?? Date(),
                    channel: whatsApp ? .whatsapp : .sms))
            } catch {
                throw fail(error, exitCode: 1)
            }
            let reply = outcome.reply
            if outcome.duplicate {
                print("Balasan \(reply.id) sudah tercatat sebelumnya; tidak ada yang berubah.")
                return
            }
            var lines = ["Balasan \(reply.id) dari \(reply.phone.masked) dicatat: \(reply.intent.indonesianMeaning)."]
            if reply.householdIDs.isEmpty { lines.append("Nomor ini tidak ada di data KPM; tidak dijawab.") }
            if !outcome.consentChanged.isEmpty {
                let state = reply.intent == .optOut ? "tidak lagi menerima pesan" : "menerima pesan lagi"
                lines.append("KPM \(outcome.consentChanged.joined(separator: ", ")) \(state).")
            }
            lines.append("Jawaban: \(ReplyText.response(reply))" + (outcome.answer.map { ": \"\($0.text)\"" } ?? "."))
            print(lines.joined(separator: "\n"))
        }
    }
}

/// Replies as the facilitator reads them.
enum ReplyText {
    static func response(_ reply: Reply) -> String {
        switch reply.response {
        case .answered:
            switch reply.responseKind.flatMap(MessageKind.init(rawValue:)) {
            case .optOutConfirmation?: "dikonfirmasi berhenti"
            case .optInConfirmation?: "dikonfirmasi mulai lagi"
            case .scheduleAnswer?: "dikirimi jadwal"
            default: "dikirimi tanda terima"
            }
        case .silent: "tidak perlu dijawab"
        case .rateLimited: "tidak dijawab (terlalu sering)"
        }
    }

}
