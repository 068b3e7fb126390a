import Foundation
import Testing

@Suite("balasan (replies) command")
struct ReplyCommandTests {
    /// KPM-0003 Dwi Astuti (Sundanese, SMS) in KLP-01 of the sample roster.
    static let dwi = "08576670613"

    @Test("terima runs the keyword: BERHENTI opts out and is confirmed; daftar lists what waits; tandai marks it handled")
    func receiveListMark() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let stop = try await CommandLineTests.run([
            "balasan", "terima", "--db", db, "--dari", Self.dwi, "--teks", " berhenti.", "--pada", "2026-12-02T10:00+07:00",
        ])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("minta berhenti"))
        #expect(stop.stdout.contains("KPM KPM-0003 tidak lagi menerima pesan."))
        #expect(stop.stdout.contains("pesen pangéling PKH moal dikirim deui"), "answered in Sundanese")
        #expect(!stop.stdout.contains(Self.dwi) && !stop.stdout.contains("576670613"), "the number is masked")

        let shown = try await CommandLineTests.run(["kpm", "lihat", "KPM-0003", "--db", db])
        #expect(shown.stdout.contains("berhenti berlangganan"), "\(shown.stdout)")

        let izin = try await CommandLineTests.run([
            "replies", "receive", "--db", db, "--from", "+6281200000000", "--text", "IZIN sakit", "--at", "2026-12-02T10:05+07:00",
        ])
        #expect(izin.status == 0)
        #expect(izin.stdout.contains("tidak ada di data KPM"))

        let listed = try await CommandLineTests.run(["balasan", "--db", db])
        #expect(listed.status == 0)
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(listed.stdout)")
        let stopLine = try #require(lines.first { $0.contains("KPM-0003") })
        #expect(stopLine.contains("minta berhenti") && stopLine.contains("dikonfirmasi berhenti") && stopLine.contains("belum"))
        let id = try #require(stopLine.split(separator: " ").first.map(String.init))

        // Another facilitator cannot mark it; its own can.
        let wrong = try await CommandLineTests.run(["balasan", "tandai", id, "--db", db, "--pendamping", "PDP-02", "--oleh", "Budi"])
        #expect(wrong.status == 1 && wrong.stderr.contains("[BLS01]"))
        let marked = try await CommandLineTests.run(["balasan", "tandai", id, "--db", db, "--pendamping", "PDP-01", "--oleh", "Rina"])
        #expect(marked.status == 0, "\(marked.stderr)")
        let waiting = try await CommandLineTests.run(["balasan", "daftar", "--db", db, "--pendamping", "PDP-01"])
        #expect(waiting.stdout.contains("Tidak ada balasan yang menunggu."))
        let all = try await CommandLineTests.run(["balasan", "daftar", "--semua", "--db", db])
        #expect(all.stdout.contains("oleh Rina"))
    }

    @Test("an empty text is refused with its code")
    func emptyText() async throws {
        let db = try await PlanCommandTests.importedDatabase()
        let run = try await CommandLineTests.run(["balasan", "terima", "--db", db, "--dari", Self.dwi, "--teks", "  "])
        #expect(run.status == 1 && run.stderr.contains("[BLS02]"))
    }
}
