import PengingatCore
import Testing

@Suite("jadwal phrases")
struct MeetingScheduleTests {
    @Test("accepted phrasings read as the canonical schedule", arguments: [
        ("Selasa ke-2 09.00", "Selasa ke-2 09.00"),
        ("selasa ke-2 09.00", "Selasa ke-2 09.00"),
        ("Selasa ke 2 pukul 09.00", "Selasa ke-2 09.00"),
        ("Selasa ke2 jam 9:00", "Selasa ke-2 09.00"),
        ("Selasa minggu ke-2 09:00", "Selasa ke-2 09.00"),
        ("Setiap Selasa kedua, pukul 09.00", "Selasa ke-2 09.00"),
        ("Salasa ke-2 09.00", "Selasa ke-2 09.00"),
        ("Kamis terakhir 13.30", "Kamis terakhir 13.30"),
        ("kamis minggu terakhir pukul 13:30", "Kamis terakhir 13.30"),
        ("Jum'at ke-1 08.00", "Jumat ke-1 08.00"),
        ("Minggu ke-3 10.00", "Minggu ke-3 10.00"),
        ("Ahad terakhir 10.00", "Minggu terakhir 10.00"),
        ("tanggal 15 08.00", "tanggal 15 08.00"),
        ("Tanggal 15 pukul 8.00", "tanggal 15 08.00"),
        ("tgl 5 jam 14:00", "tanggal 5 14.00"),
        ("tanggal 1 jam 9", "tanggal 1 09.00"),
        ("Rabu ke-4 13.00 WIB", "Rabu ke-4 13.00"),
    ])
    func parses(phrase: String, canonical: String) throws {
        let schedule = try MeetingSchedule.parse(phrase)
        #expect(schedule.description == canonical)
        // The canonical phrase is itself accepted and means the same.
        #expect(try MeetingSchedule.parse(schedule.description) == schedule)
    }

    @Test("a zone written after the time is returned for checking")
    func statedZone() throws {
        #expect(try MeetingSchedule.parsePhrase("Rabu ke-4 13.00 WITA").statedZone == .wita)
        #expect(try MeetingSchedule.parsePhrase("Rabu ke-4 13.00").statedZone == nil)
    }

    @Test("phrases that cannot be a schedule say why", arguments: [
        ("", "JDW00"),
        ("Selasa kadang-kadang 09.00", "JDW01"),
        ("Slasa ke-2 09.00", "JDW02"),
        ("Rabu ke-5 08.00", "JDW03"),
        ("Rabu ke-7 08.00", "JDW04"),
        ("tanggal 32 08.00", "JDW05"),
        ("Senin sore", "JDW06"),
        ("Selasa ke-2", "JDW06"),
        ("Selasa ke-2 25.00", "JDW07"),
        ("Selasa ke-2 09.75", "JDW07"),
    ])
    func rejects(phrase: String, code: String) {
        do {
            let schedule = try MeetingSchedule.parse(phrase)
            Issue.record("\(phrase) parsed as \(schedule)")
        } catch {
            #expect(error.code == code, "\(phrase): \(error.explanation)")
        }
    }

    @Test("rules name the right day in a month")
    func ruleDates() throws {
        // December 2026 starts on a Tuesday.
        #expect(MonthlyDayRule.nthWeekday(.tuesday, ordinal: 1).date(inYear: 2026, month: 12) == CalendarDate(year: 2026, month: 12, day: 1))
        #expect(MonthlyDayRule.nthWeekday(.tuesday, ordinal: 2).date(inYear: 2026, month: 12) == CalendarDate(year: 2026, month: 12, day: 8))
        #expect(MonthlyDayRule.nthWeekday(.monday, ordinal: 1).date(inYear: 2026, month: 12) == CalendarDate(year: 2026, month: 12, day: 7))
        #expect(MonthlyDayRule.lastWeekday(.thursday).date(inYear: 2026, month: 12) == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(MonthlyDayRule.lastWeekday(.friday).date(inYear: 2026, month: 12) == CalendarDate(year: 2026, month: 12, day: 25))
        #expect(MonthlyDayRule.dayOfMonth(31).date(inYear: 2027, month: 2) == CalendarDate(year: 2027, month: 2, day: 28))
        #expect(MonthlyDayRule.dayOfMonth(15).date(inYear: 2027, month: 2) == CalendarDate(year: 2027, month: 2, day: 15))
    }
}
