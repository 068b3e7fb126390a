import PengingatCore

/// One value of a written cell.
///
/// Excel keeps 15 significant digits of a number and drops leading zeros: a phone number or a
/// NIK belongs in `.text`, not `.integer`.
public enum SheetValue: Hashable, Sendable {
    /// Stored once in the workbook's shared strings, however many cells repeat it.
    case text(String)
    case integer(Int)
    /// Not a number or infinite: left empty, as a workbook cannot hold either.
    case number(Double)
    /// Shown as `dd/mm/yyyy`, stored as Excel's serial day; a date before 1 March 1900 (which
    /// Excel cannot show right) is written as its ISO text instead.
    case date(CalendarDate)
    /// A fraction shown as a percentage: 0.85 is stored as 0.85 and shown as 85%.
    case percent(Double)
    case empty
}
