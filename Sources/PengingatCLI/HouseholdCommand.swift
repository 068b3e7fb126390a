import ArgumentParser
import Logging
import PengingatCore
import PengingatStore

struct HouseholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpm",
        abstract: "Melihat data KPM (keluarga penerima manfaat).",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self,
        aliases: ["household"]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daftar", abstract: "Daftar KPM, urut ID.", aliases: ["list"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ScopeOptions

        @Option(name: [.customLong("kelompok"), .customLong("group")],
                help: ArgumentHelp("Hanya KPM kelompok ini.", valueName: "ID"))
        var groupID: String?

        func run() async throws {
            let logger = Logger(label: "pengingat.kpm")
            do {
                let store = try await store.openStore(logger: logger)
                let households = try await store.households(in: scope.scope, groupID: groupID)
                var table = TextTable(header: ["ID", "Nama pengurus", "Kelompok", "HP", "Kanal", "Bahasa", "Status"])
                for household in households {
                    table.rows.append([
                        household.id, household.caregiverName, household.groupID,
                        household.phone?.masked ?? "(tanpa HP)", household.channel.rawValue,
                        household.language.rawValue, household.status.rawValue,
                    ])
                }
                print(table.render())
                let active = households.filter { $0.status == .active }.count
                print("\(households.count) KPM (\(active) aktif, \(households.count - active) nonaktif).")
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lihat", abstract: "Rincian satu KPM dan anggotanya.", aliases: ["show"])

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ScopeOptions

        @Argument(help: ArgumentHelp("ID KPM.", valueName: "ID"))
        var id: String

        func run() async throws {
            let logger = Logger(label: "pengingat.kpm")
            let household: Household?
            let members: [Member]
            let group: Group?
            do {
                let store = try await store.openStore(logger: logger)
                household = try await store.household(id: id, in: scope.scope)
                members = try await store.members(ofHousehold: id, in: scope.scope)
                if let household { group = try await store.group(id: household.groupID, in: scope.scope) } else { group = nil }
            } catch {
                throw fail(error, exitCode: 1)
            }
            guard let household else {
                StandardError.write("Gagal: [KPM01] KPM \(id) tidak ditemukan.\n  Perbaikan: lihat daftarnya dengan: pengingat kpm daftar\n")
                throw ExitCode(1)
            }
            let today = latestDateInIndonesia()
            var lines = [
                "KPM \(household.id): \(household.caregiverName)",
                "  Kelompok: \(household.groupID)" + (group.map { " (\($0.name), \($0.schedule))" } ?? ""),
                "  HP: \(household.phone?.localForm ?? "tidak punya HP")"
                    + (household.alternatePhone.map { ", lain: \($0.localForm)" } ?? ""),
                "  Kanal: \(household.channel.rawValue), bahasa: \(household.language.rawValue)",
                "  Alamat: \(household.address) (RT \(household.rt) RW \(household.rw))",
                "  Status: \(household.status.rawValue), pesan: "
                    + (household.consent == .granted ? "bersedia menerima" : "berhenti berlangganan"),
                "Anggota:",
            ]
            for member in members {
                var facts: [String] = []
                if !member.relation.isEmpty { facts.append(member.relation) }
                if let birth = member.birthDate { facts.append("lahir \(birth.indonesianText), \(birth.age(on: today)) th") }
                if let component = member.component { facts.append("komponen \(component.rawValue)") }
                if let lmp = member.lastMenstrualPeriod, let due = member.expectedDeliveryDate {
                    facts.append("HPHT \(lmp.indonesianText), HPL \(due.indonesianText)")
                }
                if let delivery = member.deliveryDate { facts.append("bersalin \(delivery.indonesianText)") }
                if !member.schoolName.isEmpty { facts.append(member.schoolName) }
                if !member.isActive { facts.append("tidak terdaftar lagi") }
                lines.append("  - \(member.name): " + facts.joined(separator: "; "))
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
