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
        } catch {
            throw fail(error, exitCode: 1)
        }
        let horizon = Planner.Horizon(now: at ?? Date(), days: days)
        // Each group's plan is written up as it arrives, while the next groups are planned; the
        // plans themselves are kept only to be committed.
        var printer = PlanText(horizon: horizon, showNumbers: showNumbers, format: format)
        var plans: [GroupPlan] = []
        var groupsPlanned = 0
        var renderFailed = false
        do {
            try await planner.plan(horizon, groupID: groupID, scope: scope.scope) { plan in
                printer.add(plan)
                groupsPlanned += 1
                renderFailed = renderFailed || !plan.renderFailures.isEmpty
                if commit { plans.append(plan) }
            }
        } catch {
            throw fail(error, exitCode: 1)
        }
        if let groupID, groupsPlanned == 0 {
            StandardError.write("Kelompok \(groupID) tidak ditemukan. Lihat daftarnya dengan: pengingat kelompok daftar\n")
            throw ExitCode(1)
        }
        if format == .json {
            print(try printer.json())
        } else {
            printer.writeTable { FileHandle.standardOutput.write(Data($0)) }
        }
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
        if renderFailed { throw ExitCode(1) }
    }
}

/// A plan as people (table) or scripts (JSON) read it, every group's messages in the order they
/// go out. Groups are added as the planner hands them over: a table keeps each message's lines
/// (written while later groups are planned), not the message, as bytes in megabyte pieces: a
/// month for 20,000 households is 340,000 lines, and a string for each was a tenth of `rencana`.
struct PlanText {
    let horizon: Planner.Horizon
    let showNumbers: Bool
    let format: PlanCommand.Format
    private let wording = MessageWording(language: .indonesian)

    /// One message as the table shows it: what orders it (due time, then group, then its place
    /// in the group's plan, which is ordered by due time and phone: a group has one message per
    /// phone and day), and where its lines are in `lines`.
    private struct Block {
        let dueAt: Date
        let group: Int32
        let place: Int32
        /// In `chunks[chunk]`, or in `lines` when `chunk` is `chunks.count`.
        let chunk: Int32
        let lines: Range<Int>
    }

    private var blocks: [Block] = []
    /// The table's lines in pieces of about a megabyte, each full before the next is begun: a
    /// month for 20,000 households is 26 MB, and one array doubling its way there copied and
    /// faulted in 64 MB (page faults were 4% of `rencana`'s samples, most of them this).
    private var chunks: [[UInt8]] = []
    /// The piece being written.
    private var lines: [UInt8] = []
    private static let chunkSize = 1 << 20
    /// Room left for one more message's lines (a few hundred bytes; a longer one grows the piece).
    private static let chunkHeadroom = 64 << 10
    /// For JSON, which writes every field of the message.
    private var messages: [PlannedMessage] = []
    private var tasks: [FacilitatorTask] = []
    private var unreachable: [UnreachableHousehold] = []
    private var messageCount = 0
    /// Groups come in the store's order of their ids.
    private var groupCount: Int32 = 0
    private var phones = Set<PhoneNumber>()
    private var segments = 0
    /// Times in words, each worded once: a group's messages share a handful of them.
    private var dateTimes: [DateTimeKey: String] = [:]
    /// The last time worded: a group's messages come in order of due time, many at the same one.
    private var lastDateTime: (key: DateTimeKey, worded: String)?

    private struct DateTimeKey: Hashable {
        let at: LocalDateTime
        let zone: IndonesianTimeZone
    }

    init(horizon: Planner.Horizon, showNumbers: Bool, format: PlanCommand.Format) {
        self.horizon = horizon
        self.showNumbers = showNumbers
        self.format = format
        lines.reserveCapacity(Self.chunkSize)
    }

    func phone(_ number: PhoneNumber) -> String { showNumbers ? number.e164 : number.masked }

    mutating func add(_ plan: GroupPlan) {
        tasks += plan.tasks
        unreachable += plan.unreachable
        messageCount += plan.messages.count
        let group = groupCount
        groupCount += 1
        // Through the buffer: a message is read where it lies, not copied (a copy retains all its strings).
        plan.messages.withUnsafeBufferPointer { messages in
            for index in messages.indices {
                phones.insert(messages[index].phone)
                segments += messages[index].smsSize.segments
                guard format == .table else { continue }
                if lines.count > Self.chunkSize - Self.chunkHeadroom {
                    chunks.append(lines)
                    lines = []
                    lines.reserveCapacity(Self.chunkSize)
                }
                let start = lines.count
                appendLines(messages[index])
                blocks.append(Block(dueAt: messages[index].dueAt, group: group, place: Int32(index),
                                    chunk: Int32(chunks.count), lines: start..<lines.count))
            }
        }
        if format == .json { messages += plan.messages }
    }

    private mutating func dateTime(_ at: LocalDateTime, zone: IndonesianTimeZone) -> String {
        let key = DateTimeKey(at: at, zone: zone)
        if let lastDateTime, lastDateTime.key == key { return lastDateTime.worded }
        let worded: String
        if let known = dateTimes[key] {
            worded = known
        } else {
            worded = wording.dateTime(at.date, at.time, zone: zone)
            dateTimes[key] = worded
        }
        lastDateTime = (key, worded)
        return worded
    }

    private mutating func appendLines(_ message: PlannedMessage) {
        // Bytes copied from contiguous storage: a small string's `utf8` is not contiguous and
        // would be appended a byte at a time.
        func add(_ text: String) {
            var text = text
            text.withUTF8 { lines.append(contentsOf: $0) }
        }
        func add(_ text: StaticString) { text.withUTF8Buffer { lines.append(contentsOf: $0) } }
        add(dateTime(message.due, zone: message.zone))
        add("  ")
        if showNumbers { add(message.phone.e164) } else { message.phone.appendMasked(to: &lines) }
        add("  ")
        add(message.channel.rawValue)
        add("  ")
        appendNumber(message.smsSize.segments)
        add(" SMS  ")
        if message.items.count == 1 {
            add(message.items[0].householdID)
        } else {
            add(message.householdIDs.joined(separator: ", "))
        }
        add("\n")
        for item in message.items {
            add("  ")
            add(item.kind.rawValue)
            if item.isRelayed { add(" (dititipkan ke ketua)") }
            add(" ← ")
            add(item.eventKey)
            add(", ")
            add(dateTime(item.eventStart, zone: message.zone))
            add("\n")
        }
        add("    ")
        // The text line by line, each indented: copied a line at a time, not a byte at a time.
        var text = message.text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
                let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                lines.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...newline]))
                add("    ")
                start = newline + 1
            }
            lines.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        add("\n")
    }

    private mutating func appendNumber(_ number: Int) {
        if number >= 0, number < 10 {
            lines.append(UInt8(ascii: "0") + UInt8(number))
        } else {
            lines.append(contentsOf: String(number).utf8)
        }
    }

    /// The table, handed to `write` a piece at a time (the whole of it is tens of megabytes).
    func writeTable(_ write: ([UInt8]) -> Void) {
        let start = LocalDateTime(horizon.now, in: .wib)
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        func add(_ text: String) { output.append(contentsOf: text.utf8) }
        func flushIfFull() {
            guard output.count >= 1 << 20 else { return }
            write(output)
            output.removeAll(keepingCapacity: true)
        }
        add("Rencana pesan mulai \(wording.dateTime(start.date, start.time, zone: .wib)), "
            + "\(Int(horizon.interval.duration / 86_400)) hari\n\n")
        let order = blocks.indices.sorted {
            (blocks[$0].dueAt, blocks[$0].group, blocks[$0].place) < (blocks[$1].dueAt, blocks[$1].group, blocks[$1].place)
        }
        for index in order {
            let block = blocks[index]
            output.append(contentsOf: Int(block.chunk) < chunks.count ? chunks[Int(block.chunk)][block.lines] : lines[block.lines])
            output.append(UInt8(ascii: "\n"))
            flushIfFull()
        }
        if !tasks.isEmpty {
            add("Tugas pendamping:\n")
            for task in tasks { add("  \(wording.dateWithWeekday(task.due))  \(task.householdID): \(task.reason)\n") }
            add("\n")
        }
        if !unreachable.isEmpty {
            add("KPM yang tidak bisa dihubungi:\n")
            for household in unreachable { add("  \(household.householdID) (\(household.groupID)): \(household.reason)\n") }
            add("\n")
        }
        add("\(messageCount) pesan ke \(phones.count) nomor, \(segments) SMS; "
            + "\(tasks.count) tugas pendamping; \(unreachable.count) KPM tidak bisa dihubungi.\n")
        write(output)
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
        // Sorted through indices on keys worked out once: a message is large to move, and its
        // instant is computed from its local time and zone.
        let keys = messages.map { ($0.dueAt, $0.groupID, $0.phone.e164) }
        let ordered = messages.indices.sorted { keys[$0] < keys[$1] }.map { messages[$0] }
        let objects = ordered.map { message in
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
