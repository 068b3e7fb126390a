import Foundation
import PengingatCore
import PengingatStore

/// The pictures on the group page and the Beranda: P2K2 attendance per month and how many of
/// the messages sent reached a phone, for the last six months (this one included).
public struct TrendsView: Sendable {
    /// Server-drawn SVG, ready to place in the page.
    public let attendanceChart: String
    public let deliveryChart: String
    /// The same figures in words, for whoever reads rather than looks.
    public let attendanceSummary: String
    public let deliverySummary: String
}

extension FacilitatorDesk {
    static let trendMonths = 6
    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

    func trends(in scope: AccessScope, groupID: Group.ID?, zone: IndonesianTimeZone) async throws -> TrendsView {
        let today = LocalDateTime(now(), in: zone).date
        let thisMonth = CalendarDate(year: today.year, month: today.month, day: 1)!
        let months = (0..<Self.trendMonths).reversed().map { thisMonth.adding(months: -$0) }
        let keys = months.map { String($0.description.prefix(7)) }
        let figures = try await store.monthlyTrends(TrendRequest(scope: scope, groupID: groupID, months: keys, zone: zone))
        let labels = months.map { Self.monthAbbreviations[$0.month - 1] }
        let attendance = zip(keys, labels).map { key, label in
            let counts = figures.attendance[key]
            return TrendChart.Bar(
                label: label, share: counts?.rate,
                detail: counts.map { "\($0.present)/\($0.recorded)" } ?? "")
        }
        let delivery = zip(keys, labels).map { key, label in
            let counts = figures.delivery[key]
            return TrendChart.Bar(
                label: label, share: counts.flatMap { $0.sent > 0 ? Double($0.delivered) / Double($0.sent) : nil },
                detail: counts.map { "\($0.delivered)/\($0.sent)" } ?? "")
        }
        let attendanceTitle = "Kehadiran P2K2 per bulan (hadir dari yang dicatat)"
        let deliveryTitle = "Pesan yang sampai per bulan (terkirim ke HP dari yang dikirim)"
        return TrendsView(
            attendanceChart: TrendChart(title: attendanceTitle, bars: attendance, colour: "#1a7f37").svg,
            deliveryChart: TrendChart(title: deliveryTitle, bars: delivery, colour: "#0969da").svg,
            attendanceSummary: Self.summary(attendance), deliverySummary: Self.summary(delivery))
    }

    static func summary(_ bars: [TrendChart.Bar]) -> String {
        bars.map { "\($0.label) \(TrendChart.percent($0.share))" }.joined(separator: " · ")
    }
}
