import ArgumentParser
import Logging
import PengingatCore
import PengingatStore

struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kelompok",
        abstract: "Melihat kelompok P2K2.",
        subcommands: [List.self],
        defaultSubcommand: List.self,
        aliases: ["group"]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daftar", abstract: "Daftar kelompok dengan jadwal dan jumlah KPM aktif.", aliases: ["list"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ScopeOptions

        func run() async throws {
            let logger = Logger(label: "pengingat.kelompok")
            do {
                let store = try await store.openStore(logger: logger)
                let groups = try await store.groups(in: scope.scope)
                let households = try await store.households(in: scope.scope, groupID: nil)
                let activeCounts = Dictionary(grouping: households.filter { $0.status == .active }, by: \.groupID)
                    .mapValues(\.count)
                var table = TextTable(header: ["ID", "Nama", "Pendamping", "Jadwal", "Zona", "Mode", "KPM", "Ketua", "Lokasi"])
                for group in groups {
                    table.rows.append([
                        group.id, group.name, group.facilitatorID, group.schedule.description,
                        group.zone.abbreviation.rawValue, group.mode.rawValue, "\(activeCounts[group.id] ?? 0)",
                        group.leaderHouseholdID ?? "-", group.place,
                    ])
                }
                print(table.render())
                print("\(groups.count) kelompok, \(activeCounts.values.reduce(0, +)) KPM aktif.")
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }
}
