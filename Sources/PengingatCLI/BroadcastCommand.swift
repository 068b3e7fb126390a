import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct BroadcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siaran",
        abstract: "Mengirim satu pesan ke banyak KPM sekaligus, dengan pratinjau dan perkiraan biaya.",
        discussion: """
            Contoh: pengingat siaran --ke kelompok:KLP-01 --teks "{{sapaan}} {{nama}}, besok ada pembagian bantuan." --coba
            Penerima: kelompok:ID, pendamping:ID, semua, atau komponen:bumil,nifas,balita,sd,smp,sma,sekolah,lansia,disabilitas.
            KPM yang berhenti berlangganan tidak dikirimi. Siaran ke lebih banyak nomor dari batas
            `broadcasts.confirm_above` perlu --ya (atau mengetik YA). Pesan masuk kotak keluar dan
            dikirim oleh `pengingat kirim`; sebelum terkirim, siaran bisa dibatalkan.
            """,
        subcommands: [Send.self, List.self, Cancel.self],
        defaultSubcommand: Send.self,
        aliases: ["broadcast"])

    struct Context {
        let store: any PengingatStore
        let service: BroadcastService

        init(store options: StoreOptions, configuration: ConfigurationOptions) async throws {
            let inputs = try await OutreachInputs(store: options, configuration: configuration, label: "pengingat.broadcast")
            store = inputs.store
            service = BroadcastService(
                store: inputs.store, rules: inputs.rules, catalogue: inputs.catalogue, settings: inputs.settings.broadcasts,
                logger: inputs.logger)
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kirim", abstract: "Menyiapkan dan mengirim siaran (bawaan).", aliases: ["send"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var recorder: AttendanceCommand.RecorderOption

        @Option(name: [.customLong("ke"), .customLong("to")],
                help: ArgumentHelp("Penerima: kelompok:ID, pendamping:ID, semua, atau komponen:bumil,lansia,…", valueName: "PENERIMA"))
        var audience: String

        @Option(name: [.customLong("template"), .customLong("templat")],
                help: ArgumentHelp("Jenis templat: schedule-answer, p2k2-reminder-days-before, p2k2-reminder-day-before.",
                                   valueName: "JENIS"))
        var template: String?

        @Option(name: [.customLong("teks"), .customLong("text")],
                help: ArgumentHelp("Isi pesan sendiri; {{sapaan}} dan {{nama}} diisi untuk tiap KPM.", valueName: "TEKS"))
        var text: String?

        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Kirim pada waktu ini (bawaan: sekarang), misalnya \"2026-12-10 08:00\" (WIB).", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var at: Date?

        @Flag(name: [.customLong("coba"), .customLong("dry-run")], help: "Hanya pratinjau: tidak ada yang disimpan atau dikirim.")
        var dryRun = false

        @Flag(name: [.customLong("ya"), .customLong("yes")], help: "Kirim tanpa bertanya lagi, berapa pun jumlah penerimanya.")
        var confirmed = false

        @Option(name: [.customLong("sekarang"), .customLong("now")],
                help: ArgumentHelp("Untuk uji coba: anggap sekarang adalah waktu ini.", valueName: "WAKTU"),
                transform: parseInstantArgument)
        var now: Date?

        func validate() throws {
            if (template == nil) == (text == nil) {
                throw ValidationError("Tulis --teks \"isi pesan\" atau --template JENIS (salah satu saja).")
            }
        }

        func run() async throws {
            let content: BroadcastService.Content
            if let template {
                guard let kind = MessageKind(rawValue: template) else {
                    throw fail(BroadcastError(.templateNotForBroadcast(template)), exitCode: 1)
                }
                content = .template(kind)
            } else {
                content = .text(text ?? "")
            }
            let context = try await Context(store: store, configuration: configuration)
            let clock = now ?? Date()
            let preview: BroadcastService.Preview
            do {
                let request = BroadcastService.Request(
                    audience: try BroadcastAudience.parse(audience), audienceText: audience, content: content, at: at,
                    scope: scope.scope, requestedBy: recorder.name)
                preview = try await context.service.preview(request, now: clock)
            } catch {
                throw fail(error, exitCode: 1)
            }
            print(BroadcastText.preview(preview))
            if dryRun {
                print("\nUji coba: tidak ada yang disimpan atau dikirim.")
                return
            }
            guard !preview.messages.isEmpty else { throw fail(BroadcastError(.noRecipients), exitCode: 1) }
            var yes = confirmed
            if preview.needsConfirmation && !yes && isatty(FileHandle.standardInput.fileDescriptor) != 0 {
                StandardError.write("\nKirim ke \(preview.phones) nomor? Ketik YA untuk mengirim: ")
                yes = readLine()?.trimmingWhitespace().uppercased() == "YA"
                if !yes {
                    print("Tidak jadi dikirim; tidak ada yang disimpan.")
                    throw ExitCode(1)
                }
            }
            do {
                let broadcast = try await context.service.send(preview, confirmed: yes, now: clock)
                print("\nSiaran \(broadcast.id) tersimpan: \(broadcast.messages) pesan masuk kotak keluar, dikirim oleh `pengingat kirim`.")
                print("Batalkan sebelum terkirim dengan: pengingat siaran batal \(broadcast.id)")
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daftar", abstract: "Siaran terakhir dan keadaan pesannya.", aliases: ["list"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ScopeOptions

        @Option(name: [.customLong("jumlah"), .customLong("limit")], help: "Paling banyak sekian siaran terakhir.")
        var limit = 20

        func run() async throws {
            let store: any PengingatStore
            do { store = try await self.store.openStore(logger: Logger(label: "pengingat.broadcast")) } catch { throw fail(error, exitCode: 1) }
            let broadcasts = try await store.broadcasts(facilitatorID: scope.facilitatorID, limit: limit)
            guard !broadcasts.isEmpty else {
                print("Belum ada siaran.")
                return
            }
            var table = TextTable(header: ["ID", "Dibuat", "Oleh", "Penerima", "Nomor", "Biaya", "Keadaan", "Isi"])
            for broadcast in broadcasts {
                let progress = try await store.broadcastProgress(id: broadcast.id)
                let sent = [OutboxState.accepted, .delivered, .unconfirmed].reduce(0) { $0 + (progress[$1] ?? 0) }
                var state = broadcast.state == .cancelled ? "dibatalkan oleh \(broadcast.cancelledBy ?? "-")" : "terjadwal"
                state += ": \(sent) terkirim, \(progress[.queued] ?? 0) menunggu, \(progress[.failed] ?? 0) gagal"
                let created = LocalDateTime(broadcast.createdAt, in: .wib)
                let content = broadcast.content.count > 40 ? String(broadcast.content.prefix(39)) + "…" : broadcast.content
                table.rows.append([
                    broadcast.id, "\(created.date) \(created.time) WIB", broadcast.createdBy, broadcast.audience, "\(broadcast.messages)",
                    MessageWording.rupiah(broadcast.estimatedCost), state, content,
                ])
            }
            print(table.render())
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batal", abstract: "Membatalkan siaran: pesan yang belum terkirim tidak akan dikirim.", aliases: ["cancel"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions
        @OptionGroup var recorder: AttendanceCommand.RecorderOption

        @Argument(help: ArgumentHelp("ID siaran, misalnya SRN-20261208-4F2A.", valueName: "ID"))
        var id: String

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            do {
                let result = try await context.service.cancel(id: id, by: recorder.name, now: Date())
                print("Siaran \(id) dibatalkan: \(result.cancelled) pesan tidak akan dikirim"
                    + (result.underway > 0 ? "; \(result.underway) sudah terkirim atau sedang dikirim." : "."))
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }
}

/// A broadcast preview as the facilitator reads it.
enum BroadcastText {
    static func preview(_ preview: BroadcastService.Preview) -> String {
        var lines = ["Pratinjau siaran \(preview.id) ke \(preview.request.audienceText)"]
        lines.append("Penerima: \(preview.households) KPM lewat \(preview.phones) nomor (SMS \(preview.sms.count), "
            + "WhatsApp \(preview.whatsApp.count)).")
        var skipped: [String] = []
        if preview.optedOut > 0 { skipped.append("\(preview.optedOut) berhenti berlangganan") }
        if !preview.unreachable.isEmpty { skipped.append("\(preview.unreachable.count) tanpa HP dan tanpa titipan ketua") }
        if !preview.withoutMeeting.isEmpty { skipped.append("\(preview.withoutMeeting.count) kelompoknya belum punya jadwal pertemuan") }
        if !skipped.isEmpty { lines.append("Tidak dikirimi: " + skipped.joined(separator: ", ") + ".") }
        if let at = preview.scheduledAt {
            let local = LocalDateTime(at, in: .wib)
            lines.append("Mulai dikirim: \(MessageWording(language: .indonesian).dateTime(local.date, local.time, zone: .wib)).")
        }
        let encodings = preview.encodings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("SMS: \(preview.sms.count) pesan, \(preview.smsSegments) segmen" + (encodings.isEmpty ? "" : " (\(encodings))") + ".")
        lines.append("Perkiraan biaya: \(MessageWording.rupiah(preview.estimatedCost)) "
            + "(SMS \(MessageWording.rupiah(preview.settings.pricePerSMSSegment))/segmen, "
            + "WhatsApp \(MessageWording.rupiah(preview.settings.pricePerWhatsAppMessage))/pesan).")
        if preview.needsConfirmation {
            lines.append("Lebih dari \(preview.settings.confirmAbove) nomor: perlu dipastikan (--ya atau ketik YA).")
        }
        if !preview.samples.isEmpty {
            lines.append("Contoh pesan:")
            for (index, message) in preview.samples.enumerated() {
                let channel = message.channel == .sms ? "SMS, \(message.segments) segmen \(message.encoding)" : "WhatsApp"
                lines.append("  \(index + 1). ke \(message.phone.masked) (\(channel)):")
                lines.append(contentsOf: message.text.split(separator: "\n", omittingEmptySubsequences: false).map { "     " + $0 })
            }
        }
        return lines.joined(separator: "\n")
    }
}
