import Foundation
import PengingatSpreadsheet

/// The report as an XLSX workbook: one sheet per table of `MonthlyReport.tables`, in order
/// (Ringkasan, Pertemuan, Tidak hadir, Verifikasi, Tidak memenuhi, Pesan).
public enum MonthlyReportWorkbook {
    public static func sheets(_ report: MonthlyReport) -> [SheetContent] {
        report.tables.map { table in
            SheetContent(name: table.name, header: table.header, rows: table.rows.map { $0.map(value) }, columnWidths: table.columnWidths)
        }
    }

    public static func data(_ report: MonthlyReport) throws -> Data {
        try WorkbookWriter.data(sheets: sheets(report))
    }

    static func value(_ cell: ReportTable.Cell) -> SheetValue {
        switch cell {
        case .text(let text): .text(text)
        case .integer(let value): .integer(value)
        case .number(let value): .number(value)
        case .date(let date): .date(date)
        case .percent(let share): .percent(share)
        case .empty: .empty
        }
    }
}
