import Foundation
import Hummingbird
import HummingbirdTesting
import PengingatCore
import PengingatStore
import PengingatWeb
import Testing

/// The printable attendance sheet ("daftar hadir") of a P2K2 meeting, as the group page links it.
@Suite("Attendance sheet")
struct AttendanceSheetTests {
    static let updating = ProcessInfo.processInfo.environment["PENGINGAT_UPDATE_SNAPSHOTS"] == "1"
    static let snapshots = WebFixture.repositoryRoot + "/Tests/PengingatWebTests/Snapshots"

    /// `text` against `Snapshots/<name>`, or written there when updating (PENGINGAT_UPDATE_SNAPSHOTS=1;
    /// read the diff before committing). A difference is reported at its first line, both ways.
    static func expectSnapshot(_ text: String, name: String) throws {
        let path = "\(snapshots)/\(name)"
        if updating {
            try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        guard text != expected else { return }
        let want = expected.components(separatedBy: "\n")
        let got = text.components(separatedBy: "\n")
        let line = zip(want, got).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(want.count, got.count)
        let show = { (lines: [String]) in lines.indices.contains(line) ? lines[line] : "(no line: \(lines.count) lines)" }
        Issue.record("""
            \(path) differs at line \(line + 1); rerun with PENGINGAT_UPDATE_SNAPSHOTS=1 if intended
              expected: \(show(want))
              actual:   \(show(got))
            """)
    }

    @Test("a sample meeting's sheet matches its snapshot, and the group page links to it")
    func snapshot() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let group = String(buffer: try await client.get("/kelompok/KLP-01", jar: jar).body)
            #expect(group.contains(#"href="/pertemuan/KLP-01/2026-12/daftar-hadir" id="cetak-daftar-hadir">Cetak daftar hadir</a>"#))
            #expect(group.contains(#"href="/pertemuan/KLP-01/2027-01/daftar-hadir""#), "each listed meeting has its own link")
            let response = try await client.get("/pertemuan/KLP-01/2026-12/daftar-hadir", jar: jar)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: response.body)
            // A document of its own: no menu or sign-out form of the pages around it.
            #expect(page.hasPrefix("<!doctype html>"))
            #expect(!page.contains("<nav>") && !page.contains("/keluar"))
            for expected in ["Kelompok Sauyunan (KLP-01)", "Selasa, 8 Desember 2026, pukul 09.00 WIB", "Aula Kelurahan Margabakti",
                             "Sari Wulandari", "KPM-0001", "(ketua)", "Tanda tangan", "@page{size:A4", "thead{display:table-header-group}"] {
                #expect(page.contains(expected), "missing \(expected)")
            }
            try Self.expectSnapshot(page, name: "daftar-hadir-KLP-01-2026-12.html")
        }
    }

    @Test("the households are cut into pages of 30, 30 and the rest, in order")
    func blocks() {
        #expect(AttendanceSheetView.blocks(Array(1...65)).map(\.count) == [30, 30, 5])
        #expect(AttendanceSheetView.blocks(Array(1...65)).joined().elementsEqual(1...65))
        #expect(AttendanceSheetView.blocks(Array(1...30)).map(\.count) == [30])
        #expect(AttendanceSheetView.blocks(Array(1...31)).map(\.count) == [30, 1])
        // An empty group still prints one page: the heading and the facilitator's signature.
        #expect(AttendanceSheetView.blocks([Int]()).map(\.count) == [0])
    }

    @Test("a group of 65 prints three pages (30, 30, 5), a break after all but the last; another facilitator gets 404")
    func largeGroup() async throws {
        let fixture = try await WebFixture.make()
        // KLP-01 has 25 active households in the sample roster: 40 more make 65.
        let added = (1...40).map { number in
            Household(id: String(format: "KPM-9%03d", number), caregiverName: "Pengurus Tambahan \(number)", phone: nil, groupID: "KLP-01")
        }
        _ = try await fixture.store.apply(RosterUpdate(households: added))
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let response = try await client.get("/pertemuan/KLP-01/2026-12/daftar-hadir", jar: jar)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            let sections = page.components(separatedBy: "<section ").dropFirst()
            #expect(sections.map { $0.components(separatedBy: "<tr><td class=\"no\">").count - 1 } == [30, 30, 5])
            #expect(sections.map { $0.hasPrefix(#"class="blok blok-putus""#) } == [true, true, false])
            #expect(page.components(separatedBy: "<thead>").count - 1 == 3, "each page's table has its own header row")
            #expect(page.contains("lembar 3 dari 3") && page.contains("<td class=\"no\">65</td>"))
            #expect(sections.last?.contains("Pendamping PKH,") == true && sections.first?.contains("Pendamping PKH,") == false)

            let other = try await client.signIn("budi")
            let refused = try await client.get("/pertemuan/KLP-01/2026-12/daftar-hadir", jar: other)
            #expect(refused.status == .notFound)
            let text = String(buffer: refused.body)
            #expect(text.contains("WEB01") && !text.contains("Sari Wulandari") && !text.contains("Pengurus Tambahan"))
            // A malformed id is a 400 with its own code; a cancelled meeting has no sheet.
            let malformed = try await client.get("/pertemuan/KLP-01/desember/daftar-hadir", jar: jar)
            #expect(malformed.status == .badRequest && String(buffer: malformed.body).contains("WEB02"))
            let token = try await client.csrf(on: "/kelompok/KLP-02", jar: jar)
            _ = try await client.post("/pertemuan/KLP-02/2026-12/batal", form: [("_csrf", token)], jar: jar)
            let cancelled = try await client.get("/pertemuan/KLP-02/2026-12/daftar-hadir", jar: jar)
            #expect(cancelled.status == .conflict && String(buffer: cancelled.body).contains("WEB03"))
        }
    }
}
