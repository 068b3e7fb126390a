import PengingatCore
import PengingatTemplates
import Testing

@Suite("Indonesian and Sundanese wording")
struct WordingTests {
    let indonesian = MessageWording(language: .indonesian)
    let sundanese = MessageWording(language: .sundanese)

    func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    @Test("date and time as a message says them, in the group's zone")
    func dateTimes() {
        let nine = TimeOfDay(hour: 9, minute: 0)!
        #expect(indonesian.dateTime(date(2026, 12, 8), nine, zone: .wib) == "Selasa, 8 Desember 2026 pukul 09.00 WIB")
        #expect(indonesian.dateTime(date(2027, 8, 17), TimeOfDay(hour: 13, minute: 30)!, zone: .wita)
                == "Selasa, 17 Agustus 2027 pukul 13.30 WITA")
        #expect(indonesian.dateTime(date(2027, 1, 1), TimeOfDay(hour: 7, minute: 5)!, zone: .wit)
                == "Jumat, 1 Januari 2027 pukul 07.05 WIT")
        #expect(sundanese.dateTime(date(2026, 12, 8), nine, zone: .wib) == "Salasa, 8 Désémber 2026 tabuh 09.00 WIB")
        #expect(sundanese.dateWithWeekday(date(2027, 2, 1)) == "Senén, 1 Pébruari 2027")
        #expect(MessageWording(language: .javanese).dateWithWeekday(date(2026, 12, 9)) == "Rabu, 9 Desember 2026")
    }

    @Test("today, tomorrow and the day after have words; other days do not")
    func relativeDays() {
        let today = date(2026, 12, 31)
        #expect(indonesian.relativeDay(today, today: today) == "hari ini")
        #expect(indonesian.relativeDay(date(2027, 1, 1), today: today) == "besok")
        #expect(indonesian.relativeDay(date(2027, 1, 2), today: today) == "lusa")
        #expect(indonesian.relativeDay(date(2027, 1, 3), today: today) == nil)
        #expect(indonesian.relativeDay(date(2026, 12, 30), today: today) == nil)
        #expect(sundanese.relativeDay(date(2027, 1, 1), today: today) == "énjing")
        #expect(sundanese.relativeDay(today, today: today) == "dinten ieu")
    }

    @Test("rupiah without decimals, full stops between thousands")
    func rupiah() {
        #expect(MessageWording.rupiah(750_000) == "Rp750.000")
        #expect(MessageWording.rupiah(0) == "Rp0")
        #expect(MessageWording.rupiah(999) == "Rp999")
        #expect(MessageWording.rupiah(1_000) == "Rp1.000")
        #expect(MessageWording.rupiah(3_000_000) == "Rp3.000.000")
        #expect(MessageWording.rupiah(-2_500) == "-Rp2.500")
    }

    @Test("Sundanese wording stays inside the GSM alphabet")
    func sundaneseIsGSM() {
        for month in 1...12 {
            #expect(SMSSize(measuring: sundanese.month(month)).encoding == .gsm7, "\(sundanese.month(month))")
        }
        for weekday in Weekday.allCases {
            #expect(SMSSize(measuring: sundanese.weekday(weekday)).encoding == .gsm7)
        }
    }
}
