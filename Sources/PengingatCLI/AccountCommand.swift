import ArgumentParser
import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatWeb

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "akun",
        abstract: "Akun untuk halaman web dan token API.",
        subcommands: [Add.self, List.self, Token.self],
        defaultSubcommand: List.self,
        aliases: ["accounts"])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tambah",
            abstract: "Membuat akun (atau mengganti kata sandinya).",
            discussion: """
                Kata sandi diambil dari variabel lingkungan PENGINGAT_PASSWORD; bila kosong, kata sandi acak
                dibuat dan ditampilkan sekali. Akun pendamping hanya melihat KPM kelompoknya sendiri.
                """,
            aliases: ["add"])

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("Nama akun, misalnya siti.", valueName: "NAMA"))
        var login: String

        @Option(name: [.customLong("peran"), .customLong("role")], help: "admin atau pendamping.")
        var role: String = "pendamping"

        @Option(name: [.customLong("pendamping"), .customLong("facilitator")],
                help: ArgumentHelp("ID pendamping untuk akun pendamping, misalnya PDP-01.", valueName: "ID"))
        var facilitatorID: String?

        @Option(name: [.customLong("nama-lengkap"), .customLong("display-name")], help: "Nama yang tampil di halaman.")
        var displayName: String?

        func run() async throws {
            guard let parsed = Account.Role(rawValue: role == "facilitator" ? "pendamping" : role) else {
                StandardError.write("Peran \(role) tidak dikenal. Pilihan: admin, pendamping.\n")
                throw ExitCode(1)
            }
            let environment = ProcessInfo.processInfo.environment
            let given = environment["PENGINGAT_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            let password = given ?? AccountService.randomString(bytes: 9)
            do {
                let database = try await store.openStore(logger: Logger(label: "pengingat.accounts"))
                let account = try await AccountService(store: database).create(
                    login: login, displayName: displayName, role: parsed, facilitatorID: facilitatorID, password: password, now: Date())
                try await database.recordAudit(AuditEntry(
                    at: Date(), actor: "cli:\(NSUserName())", action: "account.save", subject: account.id, detail: account.role.rawValue))
                print("Akun \(account.id) (\(account.role.rawValue)\(account.facilitatorID.map { ", \($0)" } ?? "")) tersimpan.")
                if given == nil { print("Kata sandi: \(password)  (simpan; tidak ditampilkan lagi)") }
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "daftar", abstract: "Daftar akun.", aliases: ["list"])

        @OptionGroup var store: StoreOptions

        func run() async throws {
            do {
                let database = try await store.openStore(logger: Logger(label: "pengingat.accounts"))
                var table = TextTable(header: ["Akun", "Nama", "Peran", "Pendamping", "Aktif"])
                for account in try await database.accounts() {
                    table.rows.append([account.id, account.displayName, account.role.rawValue, account.facilitatorID ?? "-",
                                       account.active ? "ya" : "tidak"])
                }
                print(table.render())
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Membuat token API untuk skrip (ditampilkan sekali).", aliases: ["api-token"])

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("Nama akun pemilik token.", valueName: "NAMA"))
        var login: String

        @Option(name: [.customLong("label")], help: "Untuk apa token ini, misalnya \"SIKS-NG\".")
        var label = "skrip"

        func run() async throws {
            do {
                let database = try await store.openStore(logger: Logger(label: "pengingat.accounts"))
                let token = try await AccountService(store: database).issueToken(for: login, label: label, now: Date())
                try await database.recordAudit(AuditEntry(
                    at: Date(), actor: "cli:\(NSUserName())", action: "token.issue", subject: login.lowercased(), detail: label))
                print(token)
            } catch {
                throw fail(error, exitCode: 1)
            }
        }
    }
}
