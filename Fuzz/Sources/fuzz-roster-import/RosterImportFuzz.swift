import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore

// Roster files come from facilitators' spreadsheets, in whatever encoding, separator and state
// Excel left them: the import must report every bad row and never crash, and whatever it stores
// must hold the roster's own rules (phones in E.164, rows accounted for).
//
// The fuzz input is one CSV file named `fuzz.csv`, so its kind is recognised from its header,
// beside a tiny valid roster (one facilitator, posyandu, group and household) that gives its
// rows something to refer to.

private let baseRoster: [String: String] = [
    "pendamping.csv": """
        id_pendamping;nama;no_hp;email
        PDP-01;Dedi Kurniawan, S.Sos.;081320457812;dedi.kurniawan@example.org

        """,
    "posyandu.csv": """
        id_posyandu;nama;kelurahan;rw;jadwal;lokasi
        PSY-01;Posyandu Melati;Margabakti;01;tanggal 12 08.00;Rumah Ibu Kader Enok, RT 02

        """,
    "kelompok.csv": """
        id_kelompok;nama_kelompok;id_pendamping;kelurahan;rw;zona_waktu;jadwal;lokasi;mode;pkh_akses;ketua_id_kpm
        KLP-01;Kelompok Sauyunan;PDP-01;Margabakti;01;WIB;Selasa ke-2 09.00;Aula Kelurahan Margabakti;tatap_muka;tidak;KPM-0001

        """,
    "kpm.csv": """
        id_kpm;nama_pengurus;no_hp;no_hp_lain;kanal;bahasa;id_kelompok;rt;rw;alamat;status
        KPM-0001;Sari Wulandari;6282192799853;;whatsapp;id;KLP-01;001;01;Kp. Margabakti RT 001/RW 01;aktif

        """,
]

/// A folder of its own per process, with the base roster written once.
private let folder: String = {
    let path = NSTemporaryDirectory() + "pengingat-fuzz-roster-\(ProcessInfo.processInfo.processIdentifier)"
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in baseRoster {
            try text.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
        }
    } catch {
        fatalError("cannot write the base roster into \(path): \(error)")
    }
    return path
}()

/// What the asynchronous import left behind, read on the fuzzer's thread after the semaphore.
private final class Outcome: @unchecked Sendable {
    var report: ImportReport?
    var households: [Household] = []
    var failure: (any Error)?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let path = folder + "/fuzz.csv"
    do {
        try Data(UnsafeBufferPointer(start: start, count: count)).write(to: URL(fileURLWithPath: path))
    } catch {
        fatalError("cannot write \(path): \(error)")
    }

    // libFuzzer calls in on its own thread, outside Swift concurrency: wait for the import there.
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    let directory = folder
    Task {
        defer { done.signal() }
        do {
            let store = try SQLiteStore.inMemory()
            let importer = RosterImporter(
                store: store, logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
            outcome.report = try await importer.importRoster(
                from: [directory],
                options: .init(today: CalendarDate(year: 2026, month: 11, day: 16)!))
            outcome.households = try await store.households(in: .everything, groupID: nil)
        } catch {
            outcome.failure = error
        }
    }
    done.wait()

    // The memory store does not fail: an error here is the importer's.
    if let failure = outcome.failure { fatalError("import threw: \(failure)") }
    guard let report = outcome.report else { fatalError("import returned nothing") }

    switch report.outcome {
    case .clean:
        guard report.problems.isEmpty, report.changes != nil else { fatalError("clean import with problems or no changes") }
    case .storedWithRejections:
        guard !report.problems.isEmpty, report.changes != nil else { fatalError("rejections without problems") }
    case .nothingStored:
        guard report.changes == nil else { fatalError("nothing stored, yet changes reported") }
    }
    for issue in report.issues {
        // Every issue is printed for the facilitator, with its place in the file.
        _ = issue.description
        if let line = issue.line, line < 1 { fatalError("issue on line \(line): \(issue)") }
        if let column = issue.columnNumber, column < 1 { fatalError("issue in column \(column): \(issue)") }
        if issue.code.isEmpty { fatalError("issue without a code: \(issue)") }
    }
    for file in report.files where file.rowsAccepted > file.rowsRead {
        fatalError("\(file.path): \(file.rowsAccepted) rows accepted of \(file.rowsRead) read")
    }
    for household in outcome.households {
        for phone in [household.phone, household.alternatePhone].compactMap({ $0 }) {
            guard phone.e164.hasPrefix("+628"), (try? PhoneNumber(parsing: phone.e164)) == phone else {
                fatalError("household \(household.id) stored with phone \(phone.e164.debugDescription)")
            }
        }
    }
    return 0
}
