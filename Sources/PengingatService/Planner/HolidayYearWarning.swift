import PengingatCore

/// What an operator is told when planning reaches a year whose holidays are estimates or not
/// in the holiday file: meetings and posyandu days may land on a holiday nobody knew of.
public enum HolidayYearWarning {
    /// One line per year, in Bahasa Indonesia with a stable code: HL01 provisional, HL02 missing.
    public static func lines(_ calendar: HolidayCalendar, horizon: Planner.Horizon, file: String) -> [String] {
        let first = LocalDateTime(horizon.now, in: .wib).date
        let last = LocalDateTime(horizon.end, in: .wib).date
        return calendar.yearProblems(from: first, through: last).map { problem in
            switch problem {
            case .provisional(let year):
                "Peringatan [HL01]: hari libur tahun \(year.year) di \(file) masih perkiraan (\(year.source)). "
                    + "Setelah SKB 3 Menteri terbit, perbarui tanggalnya dan tulis status: resmi."
            case .missing(let year):
                "Peringatan [HL02]: hari libur tahun \(year) belum ada di \(file); rencana menganggap tahun itu tanpa hari libur. "
                    + "Tambahkan tanggalnya dari SKB 3 Menteri, dengan status: resmi atau sementara."
            }
        }
    }
}
