import PengingatCore
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("day arithmetic round-trips through days since epoch")
    func roundTrip() throws {
        let epoch = try #require(CalendarDate(year: 1970, month: 1, day: 1))
        #expect(epoch.daysSinceEpoch == 0)
        let date = try #require(CalendarDate(year: 2026, month: 12, day: 8))
        #expect(CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(date.adding(days: 24) == CalendarDate(year: 2027, month: 1, day: 1))
        #expect(CalendarDate(year: 2028, month: 2, day: 28)?.adding(days: 1) == CalendarDate(year: 2028, month: 2, day: 29))
        #expect(CalendarDate(year: 1900, month: 3, day: 1)?.adding(days: -1) == CalendarDate(year: 1900, month: 2, day: 28))
    }

    @Test("month starts from one date's month through another's; none outside years 1 to 9999, and the walk ends")
    func monthStarts() throws {
        let starts = CalendarDate.monthStarts(from: try #require(CalendarDate(year: 2026, month: 11, day: 15)),
                                              through: try #require(CalendarDate(year: 2027, month: 2, day: 1)))
        #expect(Array(starts).map(\.description) == ["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"])
        let lastYear = try #require(CalendarDate(year: 9999, month: 11, day: 30))
        #expect(Array(CalendarDate.monthStarts(from: lastYear, through: lastYear.adding(days: 100))).map(\.description)
            == ["9999-11-01", "9999-12-01"])
        let firstYear = try #require(CalendarDate(year: 1, month: 2, day: 1))
        #expect(Array(CalendarDate.monthStarts(from: firstYear.adding(days: -45), through: firstYear)).map(\.description)
            == ["0001-01-01", "0001-02-01"])
        #expect(Array(CalendarDate.monthStarts(from: firstYear, through: firstYear.adding(days: -1))).isEmpty)
    }

    @Test("stored dates read back exactly; anything but YYYY-MM-DD of a real day is refused")
    func isoStorage() throws {
        var date = try #require(CalendarDate(year: 2027, month: 1, day: 1))
        for _ in 0..<(366 * 3) {
            #expect(CalendarDate(iso: date.description) == date)
            date = date.adding(days: 1)
        }
        for text in ["2027-02-29", "2027-13-01", "2027-00-10", "2027-1-01", "2027-01-1", "20270101", "2027/01/01",
                     "2027-01-01 ", " 2027-01-01", "2027-0a-01", "２０２７-01-01", "", "2027-01-32"] {
            #expect(CalendarDate(iso: text) == nil, "\(text)")
        }
    }

    @Test("wall times order as their minutes since the epoch do, across days, months and years")
    func wallTimeOrder() throws {
        // Every pair of times 37 minutes apart over four days around a year's turn: pairs on
        // the same day, in the same hour, across midnight, a month and a year.
        let start = try #require(CalendarDate(year: 2026, month: 12, day: 30)).daysSinceEpoch * 1440
        let times = stride(from: start, to: start + 4 * 1440, by: 37).map { LocalDateTime(wallMinutes: $0) }
        for a in times {
            for b in times where (a < b) != (a.wallMinutes < b.wallMinutes) || (a == b) != (a.wallMinutes == b.wallMinutes) {
                Issue.record("\(a) and \(b) order unlike their minutes")
            }
        }
    }

    @Test("weekdays match the Indonesian calendar")
    func weekdays() {
        #expect(CalendarDate(year: 2026, month: 12, day: 8)?.weekday == .tuesday)
        #expect(CalendarDate(year: 2026, month: 8, day: 17)?.weekday == .monday)
        #expect(CalendarDate(year: 2027, month: 1, day: 1)?.weekday == .friday)
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.weekday == .thursday)
    }

    @Test("impossible days do not exist")
    func invalidDays() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2028, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2026, month: 13, day: 1) == nil)
    }

    @Test("ages count completed years and months")
    func ages() throws {
        let birth = try #require(CalendarDate(year: 2024, month: 2, day: 29))
        #expect(birth.age(on: CalendarDate(year: 2025, month: 2, day: 28)!) == 0)
        #expect(birth.age(on: CalendarDate(year: 2025, month: 3, day: 1)!) == 1)
        let infant = try #require(CalendarDate(year: 2026, month: 9, day: 20))
        #expect(infant.ageInMonths(on: CalendarDate(year: 2026, month: 11, day: 19)!) == 1)
        #expect(infant.ageInMonths(on: CalendarDate(year: 2026, month: 11, day: 20)!) == 2)
    }

    @Test("spreadsheet and written forms parse", arguments: [
        ("12/03/2019", "2019-03-12"),
        ("1/3/2019", "2019-03-01"),
        ("12-03-2019", "2019-03-12"),
        ("12.03.2019", "2019-03-12"),
        ("2019-03-12", "2019-03-12"),
        ("2019/03/12", "2019-03-12"),
        ("12 Maret 2019", "2019-03-12"),
        ("12 maret 2019", "2019-03-12"),
        ("12 Mar 2019", "2019-03-12"),
        ("12-Mar-2019", "2019-03-12"),
        ("17 Agustus 1945", "1945-08-17"),
        ("17 Agt 1945", "1945-08-17"),
        ("5 Mei 2020", "2020-05-05"),
        ("5 May 2020", "2020-05-05"),
        ("25 Desember 2026", "2026-12-25"),
        ("12/03/2019 00:00", "2019-03-12"),
        ("29/02/2028", "2028-02-29"),
    ])
    func parses(written: String, iso: String) throws {
        #expect(try CalendarDate.parseIndonesian(written).description == iso)
    }

    @Test("unreadable dates say why", arguments: [
        ("kemarin", "TGL01"),
        ("12/2019", "TGL01"),
        ("31/02/2020", "TGL02"),
        ("29/02/2026", "TGL02"),
        ("12/03/19", "TGL03"),
        ("03/25/1985", "TGL04"),
        ("12 Maretan 2019", "TGL05"),
    ])
    func rejects(written: String, code: String) {
        do {
            let date = try CalendarDate.parseIndonesian(written)
            Issue.record("\(written) parsed as \(date)")
        } catch {
            #expect(error.code == code, "\(written): \(error.explanation)")
        }
    }

    @Test("Indonesian wording has no leading zero and names the month")
    func wording() throws {
        let date = try #require(CalendarDate(year: 2026, month: 12, day: 8))
        #expect(date.indonesianText == "8 Desember 2026")
        #expect(date.indonesianTextWithWeekday == "Selasa, 8 Desember 2026")
        #expect(date.slashed == "08/12/2026")
    }
}
