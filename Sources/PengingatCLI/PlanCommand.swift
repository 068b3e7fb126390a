import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rencana",
        abstract: "Menampilkan pesan yang akan dikirim: kapan, kepada siapa, mengapa, dan isinya.",
        discussion: """
            Pertemuan P2K2 dan kewajiban setiap KPM (posyandu, periksa hamil, imunisasi, sekolah)
            dihitung dari data dan aturan, lalu digabung menjadi satu pesan per nomor per hari.
            Dengan --simpan, pesan dimasukkan ke kotak keluar; menjalankannya berkali-kali tidak
            pernah menggandakan pesan.
            """,
        aliases: ["plan"])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigurationOptions
    @OptionGroup var scope: ScopeOptions

    @Option(name: [.customLong("pada"), .customLong("at")],
            help: ArgumentHelp("Mulai dari waktu ini (bawaan: sekarang), misalnya 2026-12-01T00:00+07:00.", valueName: "WAKTU"),
            transform: parseInstantArgument)
    var at: Date?

    @Option(name: [.customLong("hari"), .customLong("days")], help: "Berapa hari ke depan.")
    var days = 7

    @Option(name: [.customLong("kelompok"), .customLong("group")], help: ArgumentHelp("Hanya kelompok ini.", valueName: "ID"))
    var groupID: String?

    @Option(name: [.customLong("format"), .customLong("bentuk")], help: "table atau json.")
    var format: Format = .table

    @Flag(name: [.customLong("tampilkan-nomor"), .customLong("show-numbers")],
          help: "Tampilkan nomor HP lengkap (bawaan: disamarkan).")
    var showNumbers = false

    @Flag(name: [.customLong("simpan"), .customLong("commit")], help: "Masukkan pesan yang direncanakan ke kotak keluar.")
    var commit = false

    func run() async throws {
        let logger = Logger(label: "pengingat.plan")
        let planner: Planner
        let holidaysFile: String
        do {
            let settings = try configuration.load()
            holidaysFile = settings.planner.holidaysFile
            let catalogue = try settings.loadTemplates(configurationPath: configuration.resolvedPath)
            planner = Planner(
                store: try await store.openStore(logger: logger), rules: try PlanningRules.load(settings), catalogue: catalogue,
                logger: logger)
        } catch let error as TemplateCatalogueError {
            StandardError.write(error.description + "\n")
            throw ExitCode(1)
        } catch {
            throw fail(error, exitCode: 1)
        }
        let horizon = Planner.Horizon(now: at ?? Date(), days: days)
        var plans: [GroupPlan] = []
        do {
            try await planner.plan(horizon, groupID: groupID, scope: scope.scope) { plans.append($0) }
        } catch {
            throw fail(error, exitCode: 1)
        }
        if let groupID, plans.isEmpty {
            StandardError.write("Kelompok \(groupID) tidak ditemukan. Lihat daftarnya dengan: pengingat kelompok daftar\n")
            throw ExitCode(1)
        }
        let printer = PlanText(plans: plans, horizon: horizon, showNumbers: showNumbers)
        print(format == .json ? try printer.json() : printer.table())
        for warning in HolidayYearWarning.lines(planner.rules.holidays, horizon: horizon, file: holidaysFile) {
            StandardError.write(warning + "\n")
        }
        if commit {
            do {
                // Commit the plans just shown, not a second planning run.
                var summary = OutboxCommitSummary()
                var tasks = 0
                for groupPlan in plans {
                    let (groupSummary, groupTasks) = try await planner.commit(groupPlan, horizon: horizon)
                    summary.add(groupSummary)
                    tasks += groupTasks
                }
                StandardError.write(
                    "Kotak keluar: \(summary.inserted) baru, \(summary.updated) berubah, \(summary.unchanged) sama, "
                        + "\(summary.withdrawn) ditarik, \(summary.alreadyUnderway) sudah dikirim; tugas baru: \(tasks).\n")
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
        if plans.contains(where: { !$0.renderFailures.isEmpty }) { throw ExitCode(1) }
    }
}

/// A plan as people (table) or scripts (JSON) read it.
struct PlanText {
    let plans: [GroupPlan]
    let horizon: Planner.Horizon
    let showNumbers: Bool
    /// Every group's messages in the order they go out: sorted once, read by every part of the text.
    let messages: [PlannedMessage]

    init(plans: [GroupPlan], horizon: Planner.Horizon, showNumbers: Bool) {
        self.plans = plans
        self.horizon = horizon
        self.showNumbers = showNumbers
        // Sorted through indices on keys worked out once: a message is large to move, and its
        // instant is computed from its local time and zone.
        let all = plans.flatMap(\.messages)
        let keys = all.map { ($0.dueAt, $0.key) }
        messages = all.indices.sorted { keys[$0] < keys[$1] }.map { all[$0] }
    }

    func phone(_ number: PhoneNumber) -> String { showNumbers ? number.e164 : number.masked }

    func table() -> String {
        let wording = MessageWording(language: .indonesian)
        let start = LocalDateTime(horizon.now, in: .wib)
        var lines = ["Rencana pesan mulai \(wording.dateTime(start.date, start.time, zone: .wib)), \(Int(horizon.interval.duration / 86_400)) hari", ""]
        for message in messages {
            lines.append("\(wording.dateTime(message.due.date, message.due.time, zone: message.zone))  \(phone(message.phone))  "
                + "\(message.channel.rawValue)  \(message.smsSize.segments) SMS  \(message.householdIDs.joined(separator: ", "))")
            for item in message.items {
                lines.append("  \(item.kind.rawValue)\(item.isRelayed ? " (dititipkan ke ketua)" : "") ← \(item.eventKey), "
                    + wording.dateTime(item.eventStart.date, item.eventStart.time, zone: message.zone))
            }
            for line in message.text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lines.append("    " + String(decoding: line, as: UTF8.self))
            }
            lines.append("")
        }
        let tasks = plans.flatMap(\.tasks)
        if !tasks.isEmpty {
            lines.append("Tugas pendamping:")
            for task in tasks { lines.append("  \(wording.dateWithWeekday(task.due))  \(task.householdID): \(task.reason)") }
            lines.append("")
        }
        let unreachable = plans.flatMap(\.unreachable)
        if !unreachable.isEmpty {
            lines.append("KPM yang tidak bisa dihubungi:")
            for household in unreachable { lines.append("  \(household.householdID) (\(household.groupID)): \(household.reason)") }
            lines.append("")
        }
        let sms = messages.reduce(0) { $0 + $1.smsSize.segments }
        lines.append("\(messages.count) pesan ke \(Set(messages.map(\.phone)).count) nomor, \(sms) SMS; "
            + "\(tasks.count) tugas pendamping; \(unreachable.count) KPM tidak bisa dihubungi.")
        return lines.joined(separator: "\n")
    }

    struct MessageJSON: Encodable {
        let key: String
        let due_at: String
        let event_at: String
        let expires_at: String
        let kind: String
        let template: String
        let kinds: [String]
        let language: String
        let id_kpm: IDs
        let id_kelompok: String
        let phone: String
        let channel: String
        let text: String
        let segments: Int
        let encoding: String
        let items: [ItemJSON]
    }

    struct ItemJSON: Encodable {
        let key: String
        let kind: String
        let id_kpm: String
        let event: String
        let event_at: String
        let relayed: Bool
    }

    /// One id, or a list when the message was merged for several households.
    enum IDs: Encodable {
        case one(String)
        case many([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .one(let id): try container.encode(id)
            case .many(let ids): try container.encode(ids)
            }
        }
    }

    func json() throws -> String {
        let objects = messages.map { message in
            let ids = message.householdIDs
            let first = message.items.min { $0.eventStart < $1.eventStart }
            return MessageJSON(
                key: message.key, due_at: message.due.iso8601(in: message.zone),
                event_at: (first?.eventStart ?? message.due).iso8601(in: message.zone),
                expires_at: message.expiry.iso8601(in: message.zone), kind: message.kinds.first?.rawValue ?? "",
                template: Array(NSOrderedSet(array: message.items.map(\.template))).compactMap { $0 as? String }.joined(separator: ","),
                kinds: message.kinds.map(\.rawValue), language: message.language.rawValue,
                id_kpm: ids.count == 1 ? .one(ids[0]) : .many(ids), id_kelompok: message.groupID, phone: phone(message.phone),
                channel: message.channel.rawValue, text: message.text, segments: message.smsSize.segments,
                encoding: message.smsSize.encoding.rawValue,
                items: message.items.map {
                    ItemJSON(key: $0.key, kind: $0.kind.rawValue, id_kpm: $0.householdID, event: $0.eventKey,
                             event_at: $0.eventStart.iso8601(in: message.zone), relayed: $0.isRelayed)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(objects), as: UTF8.self)
    }
}
