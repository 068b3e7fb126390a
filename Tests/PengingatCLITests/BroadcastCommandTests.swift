import Foundation
import Testing

@Suite("siaran (broadcast) command")
struct BroadcastCommandTests {
    @Test("--coba shows the preview and stores nothing; a large broadcast needs --ya; batal takes it back")
    func previewConfirmCancel() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let now = "2026-12-08T10:00+07:00"
        let dry = try await CommandLineTests.run([
            "siaran", "--db", db, "--ke", "kelompok:KLP-01", "--teks", "{{sapaan}} {{nama}}, besok ada pencairan.", "--coba",
            "--sekarang", now,
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Penerima: 25 KPM lewat"))
        #expect(dry.stdout.contains("Perkiraan biaya: Rp"))
        #expect(dry.stdout.contains("Ibu Sari Wulandari, besok ada pencairan."))
        #expect(dry.stdout.range(of: #"\+62\d{9,}"#, options: .regularExpression) == nil, "numbers are masked")
        #expect(dry.stdout.contains("Uji coba"))
        let none = try await CommandLineTests.run(["broadcast", "list", "--db", db])
        #expect(none.stdout.contains("Belum ada siaran."))

        let refused = try await CommandLineTests.run([
            "siaran", "--db", db, "--ke", "semua", "--teks", "Halo", "--sekarang", now,
        ], environment: ["PENGINGAT_OPERATOR": "Bu Rina"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[SRN08]"))

        let sent = try await CommandLineTests.run([
            "siaran", "--db", db, "--ke", "pendamping:PDP-01", "--teks", "Halo", "--ya", "--pada", "2026-12-09 08:00",
            "--sekarang", now,
        ], environment: ["PENGINGAT_OPERATOR": "Bu Rina"])
        #expect(sent.status == 0, "\(sent.stderr)")
        let id = try #require(sent.stdout.range(of: #"SRN-\d{8}-[A-Z0-9]{4}"#, options: .regularExpression).map { String(sent.stdout[$0]) })
        let listed = try await CommandLineTests.run(["siaran", "daftar", "--db", db])
        #expect(listed.stdout.contains(id) && listed.stdout.contains("Bu Rina") && listed.stdout.contains("menunggu"))

        let cancelled = try await CommandLineTests.run(["siaran", "batal", id, "--db", db])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(cancelled.stdout.contains("pesan tidak akan dikirim"))
        let again = try await CommandLineTests.run(["broadcast", "cancel", id, "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("[SRN10]"))
    }

    @Test("neither or both of --teks and --template is a usage error in Indonesian")
    func contentRequired() async throws {
        let run = try await CommandLineTests.run(["siaran", "--ke", "semua", "--db", CommandLineTests.temporaryDatabase()])
        #expect(run.status != 0)
        #expect(run.stderr.contains("salah satu saja"))
    }
}
