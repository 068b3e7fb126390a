import Foundation
import Hummingbird
import HummingbirdTesting
import PengingatAPI
import PengingatCore
import PengingatStore
import PengingatWeb
import Testing

/// The monthly report's page, its CSV download and its API, on the sample roster on 8 December
/// 2026 after Siti records KLP-01's meeting (two absent, one excused).
@Suite("Monthly report page and API")
struct MonthlyReportTests {
    static func recordAttendance(_ client: any TestClientProtocol, jar: CookieJar) async throws {
        let token = try await client.csrf(on: "/kelompok/KLP-01", jar: jar)
        let response = try await client.post("/pertemuan/KLP-01/2026-12/kehadiran", form: [
            ("_csrf", token), ("status_KPM-0001", "tidak_hadir"), ("status_KPM-0002", "tidak_hadir"), ("status_KPM-0004", "izin"),
            ("alasan_KPM-0004", "anak sakit"),
        ], jar: jar)
        #expect(response.status == .seeOther)
    }

    @Test("the page for December matches its snapshot; menu, month links, downloads, print rules; /laporan opens the running month")
    func page() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            try await Self.recordAttendance(client, jar: jar)
            let response = try await client.get("/laporan/2026-12", jar: jar)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            for expected in [#"href="/laporan" class="aktif">Laporan</a>"#, "Laporan Desember 2026", #"href="/laporan/2026-11""#,
                             #"href="/laporan/2027-01""#, #"href="/laporan/2026-12.csv""#, #"href="/laporan/2026-12.xlsx""#,
                             "@page{size:A4", "Sari Wulandari", "Tidak hadir", "Izin (anak sakit)", "Pesan penyemangat: Dijadwalkan",
                             "Terlaksana"] {
                #expect(page.contains(expected), "missing \(expected)")
            }
            // Siti's report holds her groups only.
            #expect(!page.contains("PDP-02") && page.contains("id=\"kelompok-KLP-01\""))
            // The report inside the layout: the session's CSRF token around it changes with every sign-in.
            let main = try #require(page.range(of: "<main>").flatMap { start in
                page.range(of: "</main>").map { String(page[start.lowerBound..<$0.upperBound]) }
            })
            try AttendanceSheetTests.expectSnapshot(main + "\n", name: "laporan-PDP-01-2026-12.html")
            let current = String(buffer: try await client.get("/laporan", jar: jar).body)
            #expect(current.contains("Laporan Desember 2026") && current.contains("Bulan ini belum selesai"))
        }
    }

    @Test("the CSV: Excel's Indonesian dialect, one row per group the account sees, the page's figures")
    func csv() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            try await Self.recordAttendance(client, jar: jar)
            let response = try await client.get("/laporan/2026-12.csv", jar: jar)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == #"attachment; filename="laporan-2026-12.csv""#)
            let text = String(buffer: response.body)
            #expect(text.hasPrefix("\u{FEFF}Bulan;ID pendamping;Pendamping;ID kelompok;"))
            let lines = text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let groups = try await fixture.store.groups(in: .facilitator("PDP-01")).map(\.id)
            #expect(lines.count == 1 + groups.count)
            let row = try #require(lines.first { $0.contains(";KLP-01;") }).components(separatedBy: ";")
            let header = lines[0].components(separatedBy: ";")
            let column = { (name: String) in row[header.firstIndex(of: name)!] }
            #expect(column("Pertemuan") == "Terlaksana" && column("Tanggal") == "2026-12-08")
            #expect(column("Tidak hadir") == "2" && column("Izin") == "1" && column("Pesan penyemangat") == "3")
            let present = Int(column("Hadir"))!
            #expect(column("Kehadiran (%)") == ReportTableText.percent(Double(present) / Double(present + 3)))
            // Another facilitator's download has none of Siti's groups.
            let other = String(buffer: try await client.get("/laporan/2026-12.csv", jar: try await client.signIn("budi")).body)
            #expect(!other.contains(";KLP-01;"))
            let workbook = try await client.get("/laporan/2026-12.xlsx", jar: jar)
            #expect(workbook.status == .ok)
            #expect(workbook.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(workbook.headers[.contentDisposition] == #"attachment; filename="laporan-2026-12.xlsx""#)
            #expect(Array(Data(buffer: workbook.body).prefix(2)) == Array("PK".utf8), "a zip archive, as .xlsx is")
            let bad = try await client.get("/laporan/2026-13", jar: jar)
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("LAP01"))
        }
    }

    @Test("the API: codes and counts; another facilitator's group is 404; a bad month is 400")
    func api() async throws {
        let fixture = try await WebFixture.make()
        let siti = try #require(try await fixture.store.accounts().first { $0.id == "siti" })
        let budi = try #require(try await fixture.store.accounts().first { $0.id == "budi" })
        let sitiToken = try await fixture.accounts.issueToken(for: siti.id, label: "uji", now: WebFixture.now)
        let budiToken = try await fixture.accounts.issueToken(for: budi.id, label: "uji", now: WebFixture.now)
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            try await Self.recordAttendance(client, jar: jar)
            let response = try await client.json("/api/v1/reports/monthly/2026-12?groupId=KLP-01", token: sitiToken)
            #expect(response.status == .ok)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let report = try decoder.decode(Components.Schemas.MonthlyReport.self, from: Data(buffer: response.body))
            #expect(report.month == "2026-12" && report.facilitators.map(\.id) == ["PDP-01"])
            let group = try #require(report.facilitators.first?.groups.first)
            #expect(group.id == "KLP-01" && group.zone == .wib)
            #expect(group.meeting?.status == .held && group.meeting?.date == "2026-12-08")
            #expect(group.attendance?.absent == 2 && group.attendance?.excused == 1)
            #expect(group.followUps.map(\.householdID) == ["KPM-0001", "KPM-0002", "KPM-0004"])
            #expect(group.followUps.map(\.motivation) == [.planned, .planned, .planned])
            #expect(report.totals.groups == 1 && report.totals.meetingsHeld == 1)
            // No wording crosses: the body holds no label of the page.
            #expect(!String(buffer: response.body).contains("Terlaksana"))

            let refused = try await client.json("/api/v1/reports/monthly/2026-12?groupId=KLP-01", token: budiToken)
            #expect(refused.status == .notFound && String(buffer: refused.body).contains("LAP02"))
            let bad = try await client.json("/api/v1/reports/monthly/2026-1", token: sitiToken)
            #expect(bad.status == .badRequest)
        }
    }
}

/// The CSV's percentage as the report writes it (one decimal, decimal comma).
enum ReportTableText {
    static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10),\(tenths % 10)"
    }
}
