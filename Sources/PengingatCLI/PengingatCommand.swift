import ArgumentParser

/// The `pengingat` command tree. Each command has its Indonesian name and an English alias.
public struct PengingatCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pengingat",
        abstract: "Pengingat P2K2, posyandu dan kewajiban PKH untuk KPM, lewat SMS dan WhatsApp.",
        discussion: """
            Setiap perintah punya nama Indonesia dan nama Inggris (misalnya impor = import).
            Basis data bawaan: var/pengingat.sqlite (ubah dengan --db atau PENGINGAT_DB).
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, HouseholdCommand.self, GroupCommand.self, PlanCommand.self, MeetingCommand.self,
            AttendanceCommand.self, VerificationCommand.self, BroadcastCommand.self, ReplyCommand.self, DigestCommand.self, DispatchCommand.self, LogCommand.self, ReportCommand.self,
            TemplatesCommand.self, ServeCommand.self, AccountCommand.self, BackupCommand.self, PruneCommand.self,
        ]
    )

    public init() {}
}
