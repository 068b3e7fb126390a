import Foundation
import Hummingbird
import HummingbirdTesting
import PengingatCore
import PengingatService
import PengingatStore
import Testing

/// The verification page of a group's month, on the sample roster (today 8 December 2026).
@Suite("Verifikasi komitmen page")
struct VerificationPageTests {
    /// The value of the form field `name` on the page.
    static func field(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test("one tap per member: the month's members are listed, the taps are recorded, a not met plans a follow-up")
    func recordByTaps() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            // In the first ten days of a month the page opens on the month just ended.
            let opened = try await client.get("/kelompok/KLP-01/verifikasi", jar: jar)
            #expect(opened.status == .ok)
            #expect(String(buffer: opened.body).contains("November 2026"))

            let page = String(buffer: try await client.get("/kelompok/KLP-01/verifikasi/2026-12", jar: jar).body)
            #expect(page.contains("Verifikasi komitmen") && page.contains("Desember 2026"))
            #expect(page.contains("0 dari"), "nothing is recorded yet")
            #expect(!page.contains("id=\"bulan-berikutnya\""), "no month after the current one")
            let household = try #require(Self.field("kpm_0", in: page))
            let member = try #require(Self.field("anggota_0", in: page))
            let commitment = try #require(Self.field("komitmen_0", in: page))
            #expect(Commitment(rawValue: commitment) != nil)

            let token = try await client.csrf(on: "/kelompok/KLP-01/verifikasi/2026-12", jar: jar)
            let saved = try await client.post("/kelompok/KLP-01/verifikasi/2026-12", form: [
                ("_csrf", token), ("kpm_0", household), ("anggota_0", member), ("komitmen_0", commitment),
                ("status_0", "tidak_memenuhi"), ("catatan_0", "sering sakit"),
            ], jar: jar)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/kelompok/KLP-01/verifikasi/2026-12?ok=verifikasi") && location.contains("tidak=1"))
            let after = String(buffer: try await client.get(location, jar: jar).body)
            #expect(after.contains("Verifikasi tersimpan: 0 memenuhi, 1 tidak memenuhi"))
            #expect(after.contains("1 dari"))
            #expect(after.contains("value=\"tidak_memenuhi\" checked"))
            #expect(after.contains("value=\"sering sakit\""))

            let stored = try await fixture.store.verifications(groupID: "KLP-01", month: CalendarMonth(year: 2026, month: 12)!)
            #expect(stored.map(\.householdID) == [household])
            #expect(stored.first?.status == .notMet && stored.first?.recordedBy == "siti" && stored.first?.note == "sering sakit")
            let audit = try await fixture.store.auditLog(limit: 5)
            #expect(audit.contains { $0.action == "verification.record" && $0.subject == "KLP-01/2026-12" })
        }
    }

    @Test("another facilitator's group is not found; a month not yet come is refused with its code")
    func refused() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let budi = try await client.signIn("budi")
            #expect(try await client.get("/kelompok/KLP-01/verifikasi/2026-12", jar: budi).status == .notFound)
            let token = try await client.csrf(on: "/kelompok", jar: budi)
            let posted = try await client.post("/kelompok/KLP-01/verifikasi/2026-12", form: [
                ("_csrf", token), ("kpm_0", "KPM-0001"), ("anggota_0", "x"), ("komitmen_0", "sekolah"), ("status_0", "memenuhi"),
            ], jar: budi)
            #expect(posted.status == .notFound)

            let siti = try await client.signIn("siti")
            let future = try await client.get("/kelompok/KLP-01/verifikasi/2027-01", jar: siti)
            #expect(future.status == .conflict)
            #expect(String(buffer: future.body).contains("VRF06"))
            #expect(try await client.get("/kelompok/KLP-01/verifikasi/2026-13", jar: siti).status == .badRequest)
        }
        #expect(try await fixture.store.verifications(groupID: "KLP-01", month: CalendarMonth(year: 2026, month: 12)!).isEmpty)
    }
}
