import PengingatCore
import Testing

@Suite("Zones and administrative areas")
struct RosterValueTests {
    @Test("zones by abbreviation or IANA name", arguments: [
        ("WIB", "Asia/Jakarta", IndonesianTimeZone.Abbreviation.wib),
        ("wita", "Asia/Makassar", .wita),
        ("WIT", "Asia/Jayapura", .wit),
        ("Asia/Pontianak", "Asia/Pontianak", .wib),
        ("Asia/Makassar", "Asia/Makassar", .wita),
    ])
    func zones(written: String, identifier: String, abbreviation: IndonesianTimeZone.Abbreviation) throws {
        let zone = try IndonesianTimeZone(parsing: written)
        #expect(zone.identifier == identifier)
        #expect(zone.abbreviation == abbreviation)
        #expect(zone.timeZone.secondsFromGMT() == abbreviation.hoursAheadOfUTC * 3600)
    }

    @Test("unknown and foreign zones are refused")
    func badZones() {
        #expect(throws: TimeZoneParseError(text: "WITB", reason: .unknown)) { try IndonesianTimeZone(parsing: "WITB") }
        #expect(throws: TimeZoneParseError(text: "Europe/Amsterdam", reason: .notIndonesian)) {
            try IndonesianTimeZone(parsing: "Europe/Amsterdam")
        }
    }

    @Test("RT and RW spellings meet in one form")
    func areas() {
        #expect(AdministrativeArea.normalizedRW("5") == "05")
        #expect(AdministrativeArea.normalizedRW("RW 005") == "05")
        #expect(AdministrativeArea.normalizedRW("rw.05") == "05")
        #expect(AdministrativeArea.normalizedRT("3") == "003")
        #expect(AdministrativeArea.normalizedRW("Dusun II") == "Dusun II")
        #expect(AdministrativeArea.kelurahanKey(" Marga  Bakti ") == "marga bakti")
    }

    @Test("member keys ignore case and spacing; HPL is HPHT plus 280 days")
    func members() throws {
        #expect(Member.key(forName: "Siti  Aminah") == Member.key(forName: "siti aminah"))
        let member = Member(householdID: "K", name: "Ani", lastMenstrualPeriod: CalendarDate(year: 2026, month: 3, day: 1))
        #expect(member.expectedDeliveryDate == CalendarDate(year: 2026, month: 12, day: 6))
    }
}
