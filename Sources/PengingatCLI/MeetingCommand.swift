import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates

struct MeetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pertemuan",
        abstract: "Melihat, memindahkan atau membatalkan pertemuan P2K2, dan mencetak daftar hadirnya.",
        subcommands: [List.self, Move.self, Cancel.self, Sheet.self],
        defaultSubcommand: List.self,
        aliases: ["meeting"])

    /// What every meeting subcommand needs: the store and the calendar.
    struct Context {
        let store: any PengingatStore
        let calendar: MeetingCalendar

        init(store options: StoreOptions, configuration: ConfigurationOptions) async throws {
            let logger = Logger(label: "pengingat.meeting")
            do {
                store = try await options.openStore(logger: logger)
                calendar = try PlanningRules.load(try configuration.load()).meetingCalendar
            } catch {
                throw fail(error, exitCode: 1)
            }
        }

        /// The meeting an id names, checked against the group and its rule.
        func meeting(_ id: String) async throws -> (Group, Meeting) {
            guard let parsed = Meeting.parse(id: id) else {
                StandardError.write("ID pertemuan \"\(id)\" tidak sah. Bentuknya KELOMPOK/TAHUN-BULAN, misalnya KLP-01/2026-12.\n")
                throw ExitCode(1)
            }
            guard let group = try await store.group(id: parsed.groupID, in: .everything) else {
                StandardError.write("Kelompok \(parsed.groupID) tidak ditemukan.\n")
                throw ExitCode(1)
            }
            let changes = try await store.meetingChanges(groupID: group.id)
            guard let meeting = calendar.meeting(of: group, year: parsed.year, month: parsed.month, changes: changes) else {
                StandardError.write("Kelompok \(group.id) tidak punya pertemuan pada bulan itu (kelompok PKH-akses).\n")
                throw ExitCode(1)
            }
            return (group, meeting)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daftar", abstract: "Pertemuan kelompok dalam beberapa bulan ke depan.", aliases: ["list"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Option(name: [.customLong("kelompok"), .customLong("group")], help: ArgumentHelp("ID kelompok.", valueName: "ID"))
        var groupID: String

        @Option(name: [.customLong("bulan"), .customLong("months")], help: "Berapa bulan ke depan.")
        var months = 3

        // A date or an instant, as every other --pada takes: the list starts on its day in the group's zone.
        @Option(name: [.customLong("pada"), .customLong("at")],
                help: ArgumentHelp("Mulai hari ini (bawaan: sekarang), misalnya 2026-12-01 atau 2026-12-01T08:00+07:00.",
                                   valueName: "WAKTU"),
                transform: parseInstantArgument)
        var from: Date?

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            guard let group = try await context.store.group(id: groupID, in: .everything) else {
                StandardError.write("Kelompok \(groupID) tidak ditemukan.\n")
                throw ExitCode(1)
            }
            let first = from.map { LocalDateTime($0, in: group.zone).date } ?? latestDateInIndonesia()
            let meetings = context.calendar.meetings(
                of: group, from: first, through: first.adding(months: months),
                changes: try await context.store.meetingChanges(groupID: group.id))
            let wording = MessageWording(language: .indonesian)
            var table = TextTable(header: ["ID", "Waktu", "Tempat", "Keadaan", "Topik"])
            for meeting in meetings {
                var state = ["scheduled": "terjadwal", "moved": "dipindah", "cancelled": "batal"][meeting.status.rawValue] ?? ""
                if let shifted = meeting.shiftedFrom { state += " (geser dari \(shifted.date.indonesianText): \(shifted.reason))" }
                table.rows.append([
                    meeting.id, wording.dateTime(meeting.start.date, meeting.start.time, zone: meeting.zone), meeting.place, state,
                    meeting.session.map { "\($0.module) \($0.number): \($0.title)" } ?? "-",
                ])
            }
            print(table.render())
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pindah", abstract: "Memindahkan satu pertemuan ke waktu atau tempat lain.", aliases: ["move"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Argument(help: ArgumentHelp("ID pertemuan, misalnya KLP-01/2026-12.", valueName: "ID"))
        var id: String

        @Option(name: [.customLong("ke"), .customLong("to")],
                help: ArgumentHelp("Waktu baru di zona kelompok, misalnya \"2026-12-10 13:30\".", valueName: "WAKTU"),
                transform: parseLocalDateTimeArgument)
        var to: LocalDateTime?

        @Option(name: [.customLong("lokasi"), .customLong("place")], help: ArgumentHelp("Tempat baru.", valueName: "TEMPAT"))
        var place: String?

        func validate() throws {
            if to == nil && place == nil { throw ValidationError("Sebutkan --ke WAKTU, --lokasi TEMPAT, atau keduanya.") }
        }

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            let (_, meeting) = try await context.meeting(id)
            try await context.store.recordMeetingChange(MeetingChange(
                meetingID: meeting.id, newStart: to ?? meeting.start, newPlace: place ?? meeting.place))
            let wording = MessageWording(language: .indonesian)
            let start = to ?? meeting.start
            print("Pertemuan \(meeting.id) dipindah ke \(wording.dateTime(start.date, start.time, zone: meeting.zone)) "
                + "di \(place ?? meeting.place). Jalankan `pengingat rencana --simpan` agar pengingat lama ditarik "
                + "dan KPM yang sudah diingatkan diberi kabar.")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batal", abstract: "Membatalkan satu pertemuan.", aliases: ["cancel"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var configuration: ConfigurationOptions

        @Argument(help: ArgumentHelp("ID pertemuan, misalnya KLP-01/2026-12.", valueName: "ID"))
        var id: String

        func run() async throws {
            let context = try await Context(store: store, configuration: configuration)
            let (_, meeting) = try await context.meeting(id)
            try await context.store.recordMeetingChange(MeetingChange(meetingID: meeting.id, cancelled: true))
            print("Pertemuan \(meeting.id) dibatalkan. Jalankan `pengingat rencana --simpan` agar pengingatnya ditarik "
                + "dan KPM yang sudah diingatkan diberi kabar.")
        }
    }
}
