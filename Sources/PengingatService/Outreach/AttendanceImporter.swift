import Foundation
import Logging
import PengingatCore
import PengingatStore

/// Reads a meeting's attendance list (`kehadiran.csv`, or a workbook's sheet with these columns:
/// id_kelompok, tanggal, id_kpm, status, keterangan) and records each meeting it names. A
/// household the list does not name came.
public struct AttendanceImporter: Sendable {
    let service: AttendanceService

    public init(service: AttendanceService) {
        self.service = service
    }

    public struct Result: Sendable {
        public var outcomes: [AttendanceService.Outcome] = []
        public var issues: [ImportIssue] = []
    }

    public func importFile(_ path: String, recordedBy: String, now: Date) async throws -> Result {
        var result = Result()
        let required = ["id_kelompok", "tanggal", "id_kpm", "status"]
        guard let list = ListFile.open(path, requiredColumns: required, issues: &result.issues) else { return result }
        let path = list.path
        struct Entry { let line: Int; let household: String; let status: AttendanceStatus; let reason: String }
        var meetings: [String: (group: String, date: CalendarDate, entries: [Entry])] = [:]
        for (line, var row) in list.rows {
            let group = row.required("id_kelompok")
            let household = row.required("id_kpm")
            let date = row.parsed("tanggal", CalendarDate.parseIndonesian)
            let statusText = row.required("status")
            let status = AttendanceStatus(written: statusText)
            if status == nil, !statusText.isEmpty { row.report("status", AttendanceError(.unknownStatus(statusText))) }
            result.issues += row.issues
            guard row.isAcceptable, let date, let status else { continue }
            let key = "\(group)\u{1F}\(date)"
            meetings[key, default: (group, date, [])].entries.append(
                Entry(line: line, household: household, status: status, reason: row.text("keterangan")))
        }
        for (_, meeting) in meetings.sorted(by: { ($0.value.group, $0.value.date) < ($1.value.group, $1.value.date) }) {
            let firstLine = meeting.entries.first?.line
            do {
                let meetingID = try await service.meetingID(groupID: meeting.group, on: meeting.date)
                // A row naming someone outside the group is rejected on its own; the rest of the list counts.
                let members = Set(try await service.store.households(in: .everything, groupID: meeting.group)
                    .filter { $0.status == .active }.map(\.id))
                var entries: [Entry] = []
                for entry in meeting.entries {
                    if members.contains(entry.household) {
                        entries.append(entry)
                    } else {
                        result.issues.append(ImportIssue(
                            file: path, line: entry.line, column: "id_kpm", value: entry.household, severity: .rowRejected,
                            error: AttendanceError(.notAMember(householdID: entry.household, groupID: meeting.group))))
                    }
                }
                // The last row for a household wins, as when the list was corrected by hand further down.
                var latest: [String: Entry] = [:]
                for entry in entries { latest[entry.household] = entry }
                let absent = Set(latest.values.filter { $0.status == .absent }.map(\.household))
                let excused = Dictionary(uniqueKeysWithValues: latest.values.filter { $0.status == .excused }
                    .map { ($0.household, $0.reason.isEmpty ? "-" : $0.reason) })
                result.outcomes.append(try await service.record(
                    meetingID: meetingID, absent: absent, excused: excused, recordedBy: recordedBy, now: now))
            } catch let error as AttendanceError {
                result.issues.append(ImportIssue(file: path, line: firstLine, column: "id_kelompok", value: meeting.group,
                                                 severity: .rowRejected, error: error))
            }
        }
        return result
    }
}

extension AttendanceService {
    /// The id of the group's meeting held on `date` (after holiday shifts and moves).
    public func meetingID(groupID: Group.ID, on date: CalendarDate) async throws -> String {
        guard let group = try await store.group(id: groupID, in: .everything) else {
            throw AttendanceError(.unknownMeeting("\(groupID)/\(date)"))
        }
        let meetings = rules.meetingCalendar.meetings(
            of: group, from: date, through: date, changes: try await store.meetingChanges(groupID: group.id))
        guard let meeting = meetings.first(where: { $0.status != .cancelled }) else {
            throw AttendanceError(.noMeetingOnDate(groupID: groupID, date: date.indonesianText))
        }
        return meeting.id
    }
}
