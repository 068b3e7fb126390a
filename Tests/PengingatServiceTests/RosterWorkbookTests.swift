import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import Testing

@Suite("Roster import from Excel workbooks")
struct RosterWorkbookTests {
    func options(partial: Bool = false) -> RosterImporter.Options {
        RosterImporter.Options(partial: partial, today: Fixtures.referenceDate)
    }

    /// Everything a roster import stores, in a comparable order.
    static func contents(_ store: any RosterStore) async throws -> [String] {
        var lines: [String] = []
        lines += try await store.facilitators().sorted { $0.id < $1.id }.map { "\($0)" }
        lines += try await store.posyandus().sorted { $0.id < $1.id }.map { "\($0)" }
        lines += try await store.groups(in: .everything).sorted { $0.id < $1.id }.map { "\($0)" }
        for household in try await store.households(in: .everything, groupID: nil).sorted(by: { $0.id < $1.id }) {
            lines.append("\(household)")
            lines += try await store.members(ofHousehold: household.id, in: .everything).map { "\($0)" }.sorted()
        }
        return lines
    }

    @Test("the sample roster written by LibreOffice as one workbook per file stores exactly what its CSV files store")
    func libreOfficeWorkbooks() async throws {
        let workbooks = try LibreOffice.convert(csvFolder: Fixtures.sampleRoster)
        defer { try? FileManager.default.removeItem(atPath: workbooks) }
        let fromCSV = try SQLiteStore.inMemory()
        _ = try await RosterImporter(store: fromCSV, logger: Logger(label: "test")).importRoster(from: [Fixtures.sampleRoster], options: options())
        let fromExcel = try SQLiteStore.inMemory()
        let report = try await RosterImporter(store: fromExcel, logger: Logger(label: "test")).importRoster(from: [workbooks], options: options())
        #expect(report.changes?.households.inserted == 497)
        #expect(report.files.map(\.path).allSatisfy { $0.contains(".xlsx › ") })
        // Excel turns phone numbers into numbers: every repair is reported, none is a problem.
        #expect(report.problems.isEmpty, "\(report.problems.prefix(5).map(\.description))")
        let repaired = report.issues.filter { $0.code == "IMP29" }
        #expect(!repaired.isEmpty && repaired.allSatisfy { $0.columnLetter != nil && $0.value?.first == "8" })
        let expected = try await Self.contents(fromCSV)
        let stored = try await Self.contents(fromExcel)
        #expect(stored.count == expected.count)
        for (left, right) in zip(stored, expected) where left != right {
            Issue.record("Excel: \(left)\nCSV:   \(right)")
            break
        }
    }
}

extension RosterWorkbookTests {
    static let quirks = Fixtures.repositoryRoot + "/Tests/PengingatServiceTests/Fixtures/roster-kelurahan.xlsx"

    @Test("a hand-made workbook with an Indonesian Excel user's quirks: every valid row kept, every bad cell named by sheet, row and letter")
    func quirksWorkbook() async throws {
        let store = try SQLiteStore.inMemory()
        let report = try await RosterImporter(store: store, logger: Logger(label: "test")).importRoster(from: [Self.quirks], options: options())
        let issues = report.issues.map(\.description)
        func issue(_ code: String, _ location: String) -> ImportIssue? {
            report.issues.first { $0.code == code && $0.location.hasPrefix(location) }
        }
        let workbook = Self.quirks
        // The instructions sheet and the hidden summary are passed over, said so, not refused.
        #expect(issue("IMP27", "\(workbook) › Petunjuk")?.severity == .warning, "\(issues)")
        #expect(report.issues.contains { $0.code == "IMP27" && $0.explanation.contains("Rekap") })
        #expect(report.files.map(\.path) == ["pendamping", "posyandu", "kelompok", "kpm", "anggota"].map { "\(workbook) › \($0)" })
        // The title above the header and the header's merged cell do not hide the rows.
        let households = Dictionary(uniqueKeysWithValues: try await store.households(in: .everything, groupID: nil).map { ($0.id, $0) })
        #expect(Set(households.keys) == ["KPM-9001", "KPM-9002", "KPM-9004", "KPM-9005"])
        // Names from an inline string and from rich text.
        #expect(households["KPM-9001"]?.caregiverName == "Siti Aminah" && households["KPM-9002"]?.caregiverName == "Ai Nurhayati")
        // A number that lost its 0 gets it back, reported at its cell; one with 62 needs nothing.
        #expect(households["KPM-9001"]?.phone?.e164 == "+6281234567890")
        #expect(issue("IMP29", "\(workbook) › kpm › baris 5, kolom C (No HP)")?.value == "81234567890", "\(issues)")
        #expect(households["KPM-9005"]?.phone?.e164 == "+6281234000111")
        #expect(!report.issues.contains { $0.code == "IMP29" && $0.line == 9 })
        // A landline rejects its row, named by sheet, row and column letter.
        let landline = try #require(report.issues.first { $0.line == 7 && $0.columnLetter == "C" && $0.file.hasSuffix("› kpm") })
        #expect(landline.severity == .rowRejected && landline.location == "\(workbook) › kpm › baris 7, kolom C (No HP)")
        // A failed formula is an empty cell, said so; the household is kept without it.
        #expect(issue("IMP28", "\(workbook) › kpm › baris 8, kolom E")?.value == "#N/A")
        #expect(households["KPM-9004"] != nil && households["KPM-9004"]?.alternatePhone == nil)
        // RT typed as a number is the same RT.
        #expect(households["KPM-9001"]?.rt == AdministrativeArea.normalizedRT("001") && households["KPM-9001"]?.rt.hasSuffix("1") == true)
        // Dates: a serial with a day-first format, a serial in the built-in format, text day first.
        let members = try await store.members(ofHousehold: "KPM-9001", in: .everything)
        #expect(members.first { $0.name == "Siti Aminah" }?.birthDate == CalendarDate(year: 1991, month: 2, day: 2))
        #expect(members.first { $0.name == "Rizky Ramadhan" }?.birthDate == CalendarDate(year: 2021, month: 5, day: 15))
        let ai = try await store.members(ofHousehold: "KPM-9002", in: .everything)
        #expect(ai.first { $0.name == "Ai Nurhayati" }?.birthDate == CalendarDate(year: 1992, month: 2, day: 5))
        // A date that does not exist is refused at its cell.
        #expect(report.issues.contains { $0.file.hasSuffix("› anggota") && $0.line == 5 && $0.columnLetter == "E" && $0.severity.isProblem },
                "\(issues)")
        // A number in a date column without a date format is what Excel shows too: refused, named.
        #expect(report.issues.contains { $0.line == 6 && $0.columnLetter == "E" && $0.code == "TGL01" })
        // An issue of the sheet as a whole names the sheet and the header's row.
        #expect(report.issues.contains { $0.code == "IMP07" && $0.location == "\(workbook) › kpm › baris 3" })
        #expect(report.outcome == .storedWithRejections)
    }

    @Test("files that are not workbooks are refused with what to do; the rest of the import goes on")
    func brokenWorkbooks() async throws {
        let folder = try Fixtures.folder([:])
        try Data("id_kpm;nama\n".utf8).write(to: URL(fileURLWithPath: folder + "/kpm.xlsx"))
        let quirks = try Data(contentsOf: URL(fileURLWithPath: Self.quirks))
        try quirks.prefix(quirks.count / 2).write(to: URL(fileURLWithPath: folder + "/anggota.xlsx"))
        // Excel's lock file beside an open workbook is not read at all.
        try Data("lock".utf8).write(to: URL(fileURLWithPath: folder + "/~$kpm.xlsx"))
        let store = try SQLiteStore.inMemory()
        let report = try await RosterImporter(store: store, logger: Logger(label: "test"))
            .importRoster(from: [folder, Fixtures.sampleRoster + "/pendamping.csv"], options: options())
        let refused = report.issues.filter { $0.severity == .fileRejected }
        #expect(Set(refused.map(\.code)) == ["XL01"], "\(report.issues.map(\.description))")
        #expect(refused.count == 2 && refused.allSatisfy { $0.remedy.contains(".xlsx") })
        #expect(!report.issues.contains { $0.file.contains("~$") })
        #expect(try await store.facilitators().count == 2)
    }
}
