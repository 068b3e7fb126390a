import Foundation

/// The report as an XLSX workbook: one sheet per table of `MonthlyReport.tables`.
public enum MonthlyReportWorkbook {
    public static func data(_ report: MonthlyReport) throws -> Data {
        // PengingatSpreadsheet's writer arrives with the xlsx-writer branch; the tables are ready for it.
        throw ReportError(.workbookUnavailable)
    }
}
