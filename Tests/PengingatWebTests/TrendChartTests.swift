import Foundation
@testable import PengingatWeb
import PengingatCore
import PengingatStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Trend charts")
struct TrendChartTests {
    static func bars(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<rect ").dropFirst().compactMap { part in
            part.range(of: #"height="([0-9.]+)""#, options: .regularExpression).map { range in
                Double(part[range].dropFirst(8).dropLast()) ?? -1
            }
        }
    }

    @Test("a bar's height is its share; a month with nothing counted has no bar and says so; the words carry the same figures")
    func drawn() {
        let chart = TrendChart(title: "Kehadiran <P2K2>", bars: [
            .init(label: "Jul", share: nil, detail: ""),
            .init(label: "Agu", share: 0.5, detail: "10/20"),
            .init(label: "Sep", share: 1, detail: "20/20"),
        ], colour: "#1a7f37")
        let svg = chart.svg
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>") && svg.contains(#"viewBox="0 0 320 170""#))
        #expect(!svg.contains(#"width="320""#), "scales with the page, no fixed width")
        #expect(Self.bars(svg) == [TrendChart.plotHeight / 2, TrendChart.plotHeight])
        #expect(svg.contains(">50%<") && svg.contains(">100%<") && svg.contains(">10/20<") && svg.contains(">–<"))
        #expect(svg.contains("<title>Kehadiran &lt;P2K2&gt;</title>") && !svg.contains("<P2K2>"))
        #expect(svg.contains("<desc>Jul: belum ada; Agu: 50% (10/20); Sep: 100% (20/20)</desc>"))
    }
}

@Suite("Trend charts on the pages")
struct TrendPageTests {
    @Test("the group page and the Beranda draw six months of attendance and delivery, as SVG, with the figures in words")
    func onPages() async throws {
        let fixture = try await WebFixture.make()
        let households = try await fixture.store.households(in: .everything, groupID: "KLP-01").prefix(4).map(\.id)
        let statuses: [AttendanceStatus] = [.present, .present, .present, .absent]
        _ = try await fixture.store.recordAttendance(
            zip(households, statuses).map { AttendanceRecord(meetingID: "KLP-01/2026-11", householdID: $0, status: $1, recordedBy: "siti",
                                                             recordedAt: WebFixture.now) },
            meetingID: "KLP-01/2026-11", groupID: "KLP-01")
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let group = String(buffer: try await client.get("/kelompok/KLP-01", jar: jar).body)
            #expect(group.contains(#"<figure id="grafik-kehadiran"><svg "#) && group.contains(#"<figure id="grafik-sampai"><svg "#))
            // Six months to December 2026; November's meeting: 3 of 4 came.
            #expect(group.contains("Kehadiran P2K2: Jul belum ada · Agu belum ada · Sep belum ada · Okt belum ada · Nov 75% · Des belum ada"),
                    "\(group)")
            #expect(group.contains(">3/4<"))
            let home = String(buffer: try await client.get("/", jar: jar).body)
            #expect(home.contains("Nov 75%") && home.contains(#"id="grafik-sampai""#))
            // Another facilitator's Beranda counts only their own groups.
            let budi = String(buffer: try await client.get("/", jar: try await client.signIn("budi")).body)
            #expect(budi.contains("Kehadiran P2K2: Jul belum ada") && !budi.contains("Nov 75%"))
        }
    }
}
