import Foundation
import PengingatCore

// The `jadwal` column of posyandu.csv and kelompok.csv, the `zona_waktu` beside it and the dates
// of anggota.csv are written by people: parsing either fails with an explained error or yields a
// value that means a real day (or zone) and that its own written form reads back to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    checkSchedule(text)
    checkDate(text)
    checkZone(text)
    return 0
}

private func checkSchedule(_ text: String) {
    let parsed: (schedule: MeetingSchedule, statedZone: IndonesianTimeZone.Abbreviation?)
    do {
        parsed = try MeetingSchedule.parsePhrase(text)
    } catch {
        _ = (error.code, error.explanation, error.remedy)
        return
    }
    let schedule = parsed.schedule
    switch schedule.day {
    case .nthWeekday(_, let ordinal):
        guard (1...4).contains(ordinal) else { fatalError("ordinal \(ordinal) from \(text.debugDescription)") }
    case .dayOfMonth(let day):
        guard (1...31).contains(day) else { fatalError("day \(day) from \(text.debugDescription)") }
    case .lastWeekday:
        break
    }
    // The canonical phrase is what `pengingat` writes back (and what Codable stores).
    guard let again = try? MeetingSchedule.parse(schedule.description), again == schedule else {
        fatalError("\(schedule.description.debugDescription) does not read back (from \(text.debugDescription))")
    }
    // The planner asks every month of the year for its day, leap February included.
    for (year, month) in [(2026, 1), (2026, 2), (2028, 2), (2026, 4), (2026, 12)] {
        guard let date = schedule.day.date(inYear: year, month: month), date.year == year, date.month == month else {
            fatalError("\(schedule) has no day in \(year)-\(month) (from \(text.debugDescription))")
        }
    }
}

private func checkDate(_ text: String) {
    guard let date = try? CalendarDate.parseIndonesian(text) else { return }
    guard CalendarDate(year: date.year, month: date.month, day: date.day) == date,
          CalendarDate(iso: date.description) == date,
          CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date
    else { fatalError("date \(date) is not a real day (from \(text.debugDescription))") }
}

private func checkZone(_ text: String) {
    guard let zone = try? IndonesianTimeZone(parsing: text) else { return }
    // The planner turns wall-clock times into instants with this zone, every day.
    // Whole hours: a zone half an hour off would put every reminder half an hour off.
    let seconds = zone.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_767_225_600))
    guard seconds == zone.abbreviation.hoursAheadOfUTC * 3600,
          (try? IndonesianTimeZone(parsing: zone.identifier))?.abbreviation == zone.abbreviation
    else { fatalError("zone \(zone) (\(zone.abbreviation)) is \(seconds) s ahead (from \(text.debugDescription))") }
}
