extension CalendarDate {
    /// The first day of every month from `first`'s through `last`'s, in order.
    ///
    /// The loops it replaced stepped with `adding(months: 1)`, which stays put past the last
    /// representable month (9999-12): a report for December 9999 (a valid month in the API)
    /// looked two months beyond it and never ended, filling memory with posyandu days. Counting
    /// months ends there.
    public static func monthStarts(from first: CalendarDate, through last: CalendarDate) -> MonthStarts {
        MonthStarts(index: first.year * 12 + first.month - 1, end: last.year * 12 + last.month - 1)
    }

    public struct MonthStarts: Sequence, IteratorProtocol, Sendable {
        /// year × 12 + month − 1 of the next month to give.
        fileprivate var index: Int
        fileprivate let end: Int

        public mutating func next() -> CalendarDate? {
            // Months outside years 1–9999 have no date: passed over, never stopped at.
            while index <= end {
                defer { index += 1 }
                if let start = CalendarDate(year: index / 12, month: index % 12 + 1, day: 1) { return start }
            }
            return nil
        }
    }
}
