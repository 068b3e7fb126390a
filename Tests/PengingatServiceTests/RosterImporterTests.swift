import Foundation
import Logging
import PengingatCore
import PengingatService
import PengingatStore
import Testing

@Suite("Roster import")
struct RosterImporterTests {
    let logger = Logger(label: "test")

    func importer(_ store: any RosterStore) -> RosterImporter {
        RosterImporter(store: store, logger: logger)
    }

    func options(strict: Bool = false, partial: Bool = false) -> RosterImporter.Options {
        RosterImporter.Options(strict: strict, partial: partial, today: Fixtures.referenceDate)
    }

    @Test("the sample roster stores 497 households, cleanly")
    func sampleRoster() async throws {
        let store = try SQLiteStore.inMemory()
        let report = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options())
        #expect(report.outcome == .clean, "\(report.problems.map(\.description))")
        #expect(report.problems.isEmpty)
        #expect(report.changes?.households.inserted == 497)
        #expect(report.changes?.groups.inserted == 20)
        #expect(report.changes?.facilitators.inserted == 2)
        let households = try await store.households(in: .everything, groupID: nil)
        #expect(households.count == 497)
        // About 5% without a phone, about 10% sharing one.
        let withoutPhone = households.filter { $0.phone == nil }.count
        #expect((20...30).contains(withoutPhone))
        let phones = Dictionary(grouping: households.compactMap(\.phone), by: { $0 }).filter { $0.value.count > 1 }
        #expect(phones.values.reduce(0) { $0 + $1.count } >= 40)
        // Every group has its ketua, and the ketua is one of its own households.
        for group in try await store.groups(in: .everything) {
            let leader = try #require(group.leaderHouseholdID)
            #expect(households.first { $0.id == leader }?.groupID == group.id)
        }
    }

    @Test("importing the same files twice stores the same rows once")
    func idempotent() async throws {
        let store = try SQLiteStore.inMemory()
        let first = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options())
        let second = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options())
        #expect(second.outcome == .clean)
        let changes = try #require(second.changes)
        #expect(changes.written == 0)
        #expect(changes.households.unchanged == 497)
        #expect(changes.members.unchanged == first.changes?.members.inserted)
        #expect(try await store.households(in: .everything, groupID: nil).count == 497)
    }

    @Test("import into SQLite is idempotent too, and survives reopening")
    func idempotentSQLite() async throws {
        let path = NSTemporaryDirectory() + "pengingat-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try await importer(try SQLiteStore(path: path, logger: logger))
            .importRoster(from: [Fixtures.sampleRoster], options: options())
        #expect(first.changes?.households.inserted == 497)
        let store = try SQLiteStore(path: path, logger: logger)
        let second = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options())
        #expect(second.changes?.written == 0)
        #expect(try await store.households(in: .everything, groupID: nil).count == 497)
    }

    /// One planted mistake from Config/contoh-kotor/kesalahan.tsv.
    struct PlantedMistake: Hashable, CustomStringConvertible {
        let file: String
        let line: Int?
        let column: String?
        let code: String
        let severity: String
        var description: String { "\(file):\(line.map(String.init) ?? "-") \(column ?? "-") \(code) \(severity)" }
    }

    static func plantedMistakes() throws -> [PlantedMistake] {
        let text = try String(contentsOfFile: Fixtures.faultyRoster + "/kesalahan.tsv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return PlantedMistake(
                file: cells[0], line: Int(cells[1]), column: cells[2].isEmpty ? nil : cells[2], code: cells[3],
                severity: cells[4])
        }
    }

    @Test("every planted mistake is reported at its line and column, and the good rows land")
    func faultyRoster() async throws {
        let store = try SQLiteStore.inMemory()
        let report = try await importer(store).importRoster(from: [Fixtures.faultyRoster], options: options())
        let expected = try Self.plantedMistakes()
        #expect(expected.count >= 30)
        let reported = report.issues.map { issue in
            PlantedMistake(
                file: (issue.file as NSString).lastPathComponent, line: issue.line, column: issue.column,
                code: issue.code, severity: issue.severity.rawValue)
        }
        let missing = Set(expected).subtracting(reported)
        let unexpected = Set(reported).subtracting(expected)
        #expect(missing.isEmpty, "not reported: \(missing.sorted { $0.description < $1.description })")
        #expect(unexpected.isEmpty, "not planted: \(unexpected.sorted { $0.description < $1.description })")
        #expect(reported.count == expected.count)

        // Every problem has a column number when it names a column, and words for the facilitator.
        for issue in report.issues where issue.column != nil && issue.code != "IMP20" {
            #expect(issue.columnNumber != nil, "\(issue)")
        }
        #expect(report.issues.allSatisfy { !$0.explanation.isEmpty && !$0.remedy.isEmpty })

        #expect(report.outcome == .storedWithRejections)
        #expect(report.outcome.exitCode == 1)
        #expect(try await store.facilitators().map(\.id) == ["PDP-K1", "PDP-K3"])
        #expect(try await store.facilitators().last?.email == nil)
        #expect(try await store.groups(in: .everything).map(\.id) == ["KLP-K1", "KLP-K7"])
        #expect(try await store.groups(in: .everything).last?.leaderHouseholdID == nil)
        #expect(try await store.groups(in: .everything).first?.place == "Rumah Ibu Ketua; RT 01")
        let households = try await store.households(in: .everything, groupID: nil)
        #expect(households.map(\.id) == ["KPM-K01", "KPM-K02", "KPM-K13", "KPM-K14"])
        #expect(households.first { $0.id == "KPM-K02" }?.address == "Jl. Mawar No. 5\n(belakang masjid)")
        #expect(households.first { $0.id == "KPM-K13" }?.alternatePhone == nil)
        var memberCount = 0
        for household in households {
            memberCount += try await store.members(ofHousehold: household.id, in: .everything).count
        }
        #expect(memberCount == 7)
    }

    @Test("--strict stores nothing when any row is bad, and exits 2")
    func strict() async throws {
        let store = try SQLiteStore.inMemory()
        let report = try await importer(store).importRoster(
            from: [Fixtures.faultyRoster], options: options(strict: true))
        #expect(report.outcome == .nothingStored)
        #expect(report.outcome.exitCode == 2)
        #expect(report.changes == nil)
        #expect(!report.problems.isEmpty)
        #expect(try await store.facilitators().isEmpty)
        #expect(try await store.households(in: .everything, groupID: nil).isEmpty)

        let clean = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options(strict: true))
        #expect(clean.outcome == .clean)
        #expect(try await store.households(in: .everything, groupID: nil).count == 497)
    }

    @Test("--strict with a bad member row only: the households, already being stored, are rolled back")
    func strictLateProblem() async throws {
        let store = try SQLiteStore.inMemory()
        var files: [String: String] = [:]
        for name in ["pendamping.csv", "posyandu.csv", "kelompok.csv", "kpm.csv", "anggota.csv"] {
            files[name] = try String(contentsOfFile: Fixtures.sampleRoster + "/" + name, encoding: .utf8)
        }
        // The last member row gets a birth date that does not exist.
        // (The sample is written with CRLF, one Character each in Swift.)
        var members = files["anggota.csv"]!.split(whereSeparator: \.isNewline).map(String.init)
        let last = members.lastIndex { !$0.isEmpty }!
        var cells = members[last].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        cells[4] = "31/02/2020"
        members[last] = cells.joined(separator: ";")
        files["anggota.csv"] = members.joined(separator: "\r\n") + "\r\n"
        let folder = try Fixtures.folder(files)

        let strict = try await importer(store).importRoster(from: [folder], options: options(strict: true))
        #expect(strict.outcome == .nothingStored)
        #expect(strict.problems.count == 1)
        #expect(try await store.households(in: .everything, groupID: nil).isEmpty)
        #expect(try await store.facilitators().isEmpty)

        // Without --strict the same files store everything valid, in one go.
        let lenient = try await importer(store).importRoster(from: [folder], options: options())
        #expect(lenient.outcome == .storedWithRejections)
        #expect(try await store.households(in: .everything, groupID: nil).count == 497)
        #expect(lenient.changes?.members.inserted == (members.filter { !$0.isEmpty }.count - 2))
    }

    /// The sample roster with 17 members for each of its 497 households: 8,449 member rows,
    /// more than one chunk of the members the importer hands to the store while it checks.
    static func manyMembers(badRow: Int? = nil) throws -> String {
        var files: [String: String] = [:]
        for name in ["pendamping.csv", "posyandu.csv", "kelompok.csv", "kpm.csv"] {
            files[name] = try String(contentsOfFile: Fixtures.sampleRoster + "/" + name, encoding: .utf8)
        }
        let households = files["kpm.csv"]!.split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ";").first.map(String.init)! }
        var members = ["id_kpm;nama;hubungan;jenis_kelamin;tanggal_lahir;komponen;hpht;tanggal_persalinan;nama_sekolah"]
        for household in households {
            for child in 1...17 {
                let born = members.count == badRow ? "31/02/2020" : "0\(1 + child % 9)/03/2015"
                members.append("\(household);Anak Ke \(child);Anak;L;\(born);;;;")
            }
        }
        files["anggota.csv"] = members.joined(separator: "\n") + "\n"
        return try Fixtures.folder(files)
    }

    @Test("members handed to the store in chunks while they are checked: all stored once, a second import writes nothing")
    func membersInChunks() async throws {
        let store = try SQLiteStore.inMemory()
        let folder = try Self.manyMembers()
        let first = try await importer(store).importRoster(from: [folder], options: options())
        #expect(first.outcome == .clean)
        #expect(first.changes?.members.inserted == 497 * 17)
        var stored = 0
        for group in try await store.groups(in: .everything) {
            stored += try await store.members(ofGroup: group.id, in: .everything).count
        }
        #expect(stored == 497 * 17)
        let again = try await importer(store).importRoster(from: [folder], options: options())
        #expect(again.changes?.written == 0)
        #expect(again.changes?.members.unchanged == 497 * 17)
    }

    @Test("--strict with a bad member row after the first chunk was handed over: nothing stored")
    func strictAfterFirstChunk() async throws {
        let store = try SQLiteStore.inMemory()
        let report = try await importer(store).importRoster(from: [try Self.manyMembers(badRow: 8_300)], options: options(strict: true))
        #expect(report.outcome == .nothingStored)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.line == 8_301)
        #expect(try await store.households(in: .everything, groupID: nil).isEmpty)
        #expect(try await store.groups(in: .everything).isEmpty)
    }

    @Test("a household in a group that exists nowhere is a bad row, not a crash")
    func unknownGroup() async throws {
        let store = try SQLiteStore.inMemory()
        let folder = try Fixtures.folder([
            "kpm.csv": """
                id_kpm;nama_pengurus;no_hp;id_kelompok
                KPM-1;Ani;081234567890;KLP-X
                """,
        ])
        let report = try await importer(store).importRoster(from: [folder], options: options())
        #expect(report.outcome == .nothingStored)
        let issue = try #require(report.problems.first)
        #expect(issue.code == "IMP13")
        #expect(issue.line == 2)
        #expect(issue.column == "id_kelompok")
        #expect(issue.columnNumber == 4)
        #expect(issue.value == "KLP-X")
        #expect(issue.explanation.contains("KLP-X"))
    }

    @Test("households refer to groups already stored; a later full kpm.csv retires the missing ones")
    func laterImportsAndDeactivation() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options())
        // Facilitator PDP-01's households, minus two; PDP-02's are not in the file at all.
        let full = try String(contentsOfFile: Fixtures.sampleRoster + "/kpm.csv", encoding: .utf8)
        var lines = full.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines.removeFirst()
        let pdp01Groups = Set((1...10).map { String(format: "KLP-%02d", $0) })
        let kept = lines.filter { line in pdp01Groups.contains { line.contains(";\($0);") } }
        let dropped = Array(kept.suffix(2))
        let folder = try Fixtures.folder(["kpm.csv": ([header] + kept.dropLast(2)).joined(separator: "\r\n")])

        let partial = try await importer(store).importRoster(from: [folder], options: options(partial: true))
        #expect(partial.changes?.households.retired == 0)

        let report = try await importer(store).importRoster(from: [folder], options: options())
        #expect(report.outcome == .clean)
        let droppedIDs = dropped.map { String($0.prefix { $0 != ";" }) }
        let wasActive = try await store.households(in: .everything, groupID: nil)
        #expect(report.changes?.households.retired == droppedIDs.count)
        for id in droppedIDs {
            #expect(wasActive.first { $0.id == id }?.status == .inactive)
        }
        // PDP-02's households are untouched: that facilitator's file was not imported.
        let pdp02 = try await store.households(in: .facilitator("PDP-02"), groupID: nil)
        #expect(pdp02.count == 249)
        #expect(pdp02.filter { $0.status == .active }.count == 243)
    }

    @Test("a household whose row is rejected is not retired by the same import")
    func rejectedRowIsNotRetired() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await importer(store).importRoster(from: [Fixtures.sampleRoster], options: options())
        let folder = try Fixtures.folder([
            "kpm.csv": """
                id_kpm;nama_pengurus;no_hp;id_kelompok
                KPM-0001;Nama Baru;0265-331234;KLP-18
                """,
        ])
        let report = try await importer(store).importRoster(from: [folder], options: options())
        #expect(report.outcome == .nothingStored || report.outcome == .storedWithRejections)
        #expect(try await store.household(id: "KPM-0001", in: .everything)?.status == .active)
        #expect(try await store.household(id: "KPM-0001", in: .everything)?.caregiverName != "Nama Baru")
    }

    @Test("member rows replace a household's list only when all of them landed")
    func memberLists() async throws {
        let store = try SQLiteStore.inMemory()
        let base = try Fixtures.folder([
            "pendamping.csv": "id_pendamping,nama,no_hp\nP1,Rina,\n",
            "kelompok.csv": "id_kelompok,nama_kelompok,id_pendamping,kelurahan,zona_waktu,jadwal\nG1,Anggrek,P1,Sukamaju,WIB,Selasa ke-2 09.00\n",
            "kpm.csv": "id_kpm,nama_pengurus,no_hp,id_kelompok\nK1,Ani,081234567890,G1\nK2,Euis,,G1\n",
            "anggota.csv": "id_kpm,nama,komponen,tanggal_lahir\nK1,Ani,,01/01/1990\nK1,Asep,sd,05/06/2016\nK2,Euis,,\nK2,Ujang,smp,01/01/2012\n",
        ])
        _ = try await importer(store).importRoster(from: [base], options: options())
        let next = try Fixtures.folder([
            // K1 without Asep (complete: Asep retires); K2 with a bad row (incomplete: Ujang stays).
            "anggota.csv": "id_kpm,nama,komponen,tanggal_lahir\nK1,Ani,,01/01/1990\nK2,Euis,,\nK2,Dadan,sd,31/02/2016\n",
        ])
        let report = try await importer(store).importRoster(from: [next], options: options())
        #expect(report.outcome == .storedWithRejections)
        #expect(report.changes?.members.retired == 1)
        let k1 = try await store.members(ofHousehold: "K1", in: .everything)
        #expect(k1.first { $0.name == "Asep" }?.isActive == false)
        let k2 = try await store.members(ofHousehold: "K2", in: .everything)
        #expect(k2.first { $0.name == "Ujang" }?.isActive == true)
    }

    @Test("comma files, plain UTF-8, LF and files named by prefix import the same")
    func otherDialects() async throws {
        let store = try SQLiteStore.inMemory()
        let folder = try Fixtures.folder([
            "pendamping-2026.csv": "nama,id_pendamping,no_hp,email,kolom_lain\nRina,P1,0812 1111 2222,rina@example.org,x\n",
            "KELOMPOK.CSV": "ID Kelompok,Nama Kelompok,ID Pendamping,Kelurahan,Zona Waktu,Jadwal,PKH Akses\nG1,Anggrek,P1,Sukamaju,wita,\"Kamis terakhir, pukul 13:30\",Ya\n",
            "data.csv": "id_kpm,nama_pengurus,no_hp,id_kelompok,kanal,bahasa,status\nK1,Ani,+62 812-3456-7890,G1,WA,Sunda,Aktif\n",
        ])
        let report = try await importer(store).importRoster(from: [folder], options: options())
        #expect(report.problems.isEmpty, "\(report.problems)")
        // Extra column and missing optional columns are warnings only.
        #expect(report.warnings.contains { $0.code == "IMP06" && $0.explanation.contains("kolom_lain") })
        #expect(report.outcome == .clean)
        let group = try #require(try await store.groups(in: .everything).first)
        #expect(group.zone.abbreviation == .wita)
        #expect(group.schedule.description == "Kamis terakhir 13.30")
        #expect(group.isPKHAkses)
        let household = try #require(try await store.household(id: "K1", in: .everything))
        #expect(household.channel == .whatsapp)
        #expect(household.language == .sundanese)
        #expect(household.phone?.e164 == "+6281234567890")
    }

    @Test("a missing path, an empty file and no files at all store nothing and say so")
    func nothingToImport() async throws {
        let store = try SQLiteStore.inMemory()
        let missing = try await importer(store).importRoster(from: ["/nonexistent/roster"], options: options())
        #expect(missing.outcome == .nothingStored)
        #expect(missing.problems.first?.code == "IMP01")

        let empty = try Fixtures.folder(["kpm.csv": ""])
        let emptyReport = try await importer(store).importRoster(from: [empty], options: options())
        #expect(emptyReport.outcome == .nothingStored)
        #expect(emptyReport.problems.first?.code == "IMP02")

        let noCSV = try Fixtures.folder(["catatan.txt": "bukan csv"])
        let noCSVReport = try await importer(store).importRoster(from: [noCSV], options: options())
        #expect(noCSVReport.outcome == .nothingStored)
        #expect(noCSVReport.problems.first?.code == "IMP26")
    }

    @Test("progress is reported through reading, checking and storing")
    func progress() async throws {
        let phases = PhaseRecorder()
        _ = try await importer(try SQLiteStore.inMemory()).importRoster(
            from: [Fixtures.sampleRoster], options: options(), progress: { phases.record($0) })
        let seen = phases.all
        #expect(seen.contains { if case .reading = $0.phase { true } else { false } })
        #expect(seen.contains { $0.phase == .checking(.members) && $0.completed == $0.total && $0.total > 1000 })
        #expect(seen.last == ImportProgress(phase: .storing, completed: 1, total: 1))
    }
}

final class PhaseRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ImportProgress] = []
    func record(_ event: ImportProgress) { lock.withLock { events.append(event) } }
    var all: [ImportProgress] { lock.withLock { events } }
}
