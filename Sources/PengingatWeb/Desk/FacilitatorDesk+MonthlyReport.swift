import Foundation
import PengingatCore
import PengingatService
import PengingatStore

extension FacilitatorDesk {
    /// One month's report of the groups the account can see (an admin: every facilitator's),
    /// read once for the page, its CSV and XLSX downloads and the API.
    public func monthlyReport(month: CalendarMonth, groupID: Group.ID? = nil, for account: Account) async throws -> MonthlyReport {
        try await MonthlyReportBuilder(store: store, rules: rules, prices: settings.broadcasts.prices)
            .build(.init(month: month, scope: account.scope, groupID: groupID, now: now()))
    }

    /// The month `/laporan` opens: the one running in WIB, which a facilitator follows as it goes;
    /// the page links to the month before, the finished one a report is written from.
    public func currentMonth() -> CalendarMonth {
        CalendarMonth(LocalDateTime(now(), in: .wib).date)
    }

    /// The month a page or API path names, `2027-03` exactly; anything else is LAP01.
    public static func reportMonth(_ text: String) throws(ReportError) -> CalendarMonth {
        guard let month = CalendarMonth(parsing: text), text.count == 7 else { throw ReportError(.invalidMonth(text)) }
        return month
    }
}
