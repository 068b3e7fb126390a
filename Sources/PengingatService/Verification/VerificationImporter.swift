import Foundation
import PengingatCore
import PengingatStore

/// Reads a verification list (`verifikasi.csv`, or a workbook's sheet with these columns:
/// id_kpm, anggota, komitmen, status, and optionally bulan, keterangan) and records each group's
/// month it names. A bad row is reported with its line and column and left out; every other
/// row is recorded.
public struct VerificationImporter: Sendable {
    let service: VerificationService

    public init(service: VerificationService) {
        self.service = service
    }

    public struct Result: Sendable {
        public var outcomes: [VerificationService.Outcome] = []
        public var issues: [ImportIssue] = []
    }

    public static let requiredColumns = ["id_kpm", "anggota", "komitmen", "status"]

    /// `month` is for rows without a `bulan` column or value.
    public func importFile(_ path: String, month defaultMonth: CalendarMonth?, recordedBy: String, now: Date) async throws
        -> Result
    {
        var result = Result()
        guard let list = ListFile.open(path, requiredColumns: Self.requiredColumns, issues: &result.issues) else { return result }
        let directory = try await service.store.directory()
        var membersByHousehold: [Household.ID: [String: Member]] = [:]
        struct Row { let line: Int; let entry: VerificationService.Entry }
        var batches: [String: (group: Group.ID, month: CalendarMonth, rows: [Row])] = [:]
        for (line, var row) in list.rows {
            let householdID = row.required("id_kpm")
            let memberName = row.required("anggota")
            let commitmentText = row.required("komitmen")
            let statusText = row.required("status")
            let commitment = Commitment(written: commitmentText)
            if commitment == nil, !commitmentText.isEmpty {
                row.report("komitmen", VerificationError(.unknownCommitment(commitmentText)))
            }
            let status = VerificationStatus(written: statusText)
            if status == nil, !statusText.isEmpty { row.report("status", VerificationError(.unknownStatus(statusText))) }
            let monthText = row.text("bulan")
            let month = monthText.isEmpty ? defaultMonth : Self.month(monthText)
            if month == nil {
                row.report("bulan", VerificationError(.invalidMonth(monthText.isEmpty ? "(kosong)" : monthText)))
            }
            let groupID = householdID.isEmpty ? nil : directory.householdGroup[householdID]
            if !householdID.isEmpty, groupID == nil {
                row.report("id_kpm", VerificationError(.unknownHousehold(householdID)))
            }
            if groupID != nil, !memberName.isEmpty {
                if membersByHousehold[householdID] == nil {
                    let members = try await service.store.members(ofHousehold: householdID, in: .everything)
                    membersByHousehold[householdID] = Dictionary(
                        members.filter(\.isActive).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
                }
                if membersByHousehold[householdID]?[Member.key(forName: memberName)] == nil {
                    row.report("anggota", VerificationError(.unknownMember(name: memberName, householdID: householdID)))
                }
            }
            result.issues += row.issues
            guard row.isAcceptable, let groupID, let commitment, let status, let month else { continue }
            let note = row.text("keterangan")
            batches["\(groupID)\u{1F}\(month)", default: (groupID, month, [])].rows.append(Row(
                line: line, entry: VerificationService.Entry(
                    householdID: householdID, memberName: memberName, commitment: commitment, status: status,
                    note: note.isEmpty ? nil : note)))
        }
        for (_, batch) in batches.sorted(by: { ($0.value.group, $0.value.month) < ($1.value.group, $1.value.month) }) {
            do {
                result.outcomes.append(try await service.record(
                    groupID: batch.group, month: batch.month, entries: batch.rows.map(\.entry), recordedBy: recordedBy, now: now))
            } catch let error as VerificationError {
                // What the rows could not show (a month not yet come, a household since moved):
                // that group's month is left out, the others are recorded.
                for row in batch.rows {
                    result.issues.append(ImportIssue(file: list.path, line: row.line, column: "bulan", value: batch.month.description,
                                                     severity: .rowRejected, error: error))
                }
            }
        }
        return result
    }

    /// `2027-03`, or a date in the month as a sheet's date cell reads (`2027-03-01`) or as
    /// written by hand (`01/03/2027`).
    static func month(_ text: String) -> CalendarMonth? {
        if let month = CalendarMonth(parsing: text) { return month }
        return (try? CalendarDate.parseIndonesian(text)).map(CalendarMonth.init)
    }
}
