extension CalendarDate {
    /// "8 Desember 2026": no leading zero on the day, the month written out.
    public var indonesianText: String {
        "\(day) \(IndonesianCalendarWords.monthNames[month - 1]) \(year)"
    }

    /// "Selasa, 8 Desember 2026".
    public var indonesianTextWithWeekday: String {
        "\(weekday.indonesianName), \(indonesianText)"
    }

    /// The `dd/mm/yyyy` form spreadsheets use.
    public var slashed: String {
        (day < 10 ? "0" : "") + "\(day)/" + (month < 10 ? "0" : "") + "\(month)/\(year)"
    }
}
