import PengingatCore
import Testing

/// Inputs the fuzzer (`scripts/fuzz.sh`, target fuzz-jadwal) found; each is also in
/// Fuzz/Corpus/fuzz-jadwal/ so later fuzzing starts from it.
@Suite("Time zones: fuzz regressions")
struct TimeZoneFuzzRegressionTests {
    // "GMT+07:01" was read as WIB: the offset was compared in whole hours, so a zone minutes
    // (or half an hour) away from WIB/WITA/WIT passed, and the group's reminders would have gone
    // out at a time that is not the one the message states.
    @Test("an offset that is not a whole number of hours is no Indonesian zone", arguments: [
        "GMT+07:01", "GMT+07:30", "GMT+0830", "GMT+09:45",
    ])
    func offsetWithMinutes(written: String) {
        #expect(throws: TimeZoneParseError(text: written, reason: .notIndonesian)) {
            try IndonesianTimeZone(parsing: written)
        }
    }

    // "GMT+07:*0" in a kelompok.csv's zona_waktu stopped `pengingat impor`: Foundation traps on
    // such malformed offsets (instead of returning nil), so they are refused before reaching it.
    @Test("a malformed offset is an unknown zone, not a crash", arguments: [
        "GMT+07:*0", "UTC+07:*0", "GMT-07:*0", "GMT+07:+0", "GMT+07:-1", "GMT+", "UTC+7:0x", "GMT+07:00:00",
    ])
    func malformedOffset(written: String) {
        #expect(throws: TimeZoneParseError(text: written, reason: .unknown)) {
            try IndonesianTimeZone(parsing: written)
        }
    }

    @Test("a zone written as a whole-hour offset still reads", arguments: [
        ("GMT+07:00", IndonesianTimeZone.Abbreviation.wib),
        ("GMT+8", .wita),
        ("GMT+09:00", .wit),
    ])
    func wholeHourOffsets(written: String, abbreviation: IndonesianTimeZone.Abbreviation) throws {
        let zone = try IndonesianTimeZone(parsing: written)
        #expect(zone.abbreviation == abbreviation)
        #expect(zone.timeZone.secondsFromGMT() == abbreviation.hoursAheadOfUTC * 3600)
    }
}
