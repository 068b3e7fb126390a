import Foundation
import PengingatCore

/// Who came to which meeting. Recording a meeting again corrects it: one row per household
/// and meeting, the latest recording wins, and who recorded it and when are kept.
public protocol AttendanceStore: Sendable {
    /// Replaces the attendance of one meeting; returns how many rows were new or changed. A row
    /// that did not change keeps who recorded it and when; a changed row takes the new recorder.
    func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) async throws -> Int

    func attendance(meetingID: String) async throws -> [AttendanceRecord]

    /// Every recorded meeting of a group, by meeting id, in meeting-id order (which is month order).
    func attendanceHistory(groupID: Group.ID) async throws -> [String: [AttendanceRecord]]
}

/// A meeting recorded again over its earlier recording: an unchanged row keeps who recorded it
/// first, and when; a new or changed row takes the new recorder. Every store writes this.
struct AttendanceCorrection {
    let records: [AttendanceRecord]
    /// Rows new or changed compared with the earlier recording.
    let changed: Int

    init(recording given: [AttendanceRecord], over earlier: [AttendanceRecord]) {
        let old = Dictionary(earlier.map { ($0.householdID, $0) }, uniquingKeysWith: { first, _ in first })
        var changed = 0
        records = given.map { record in
            if let previous = old[record.householdID], previous.status == record.status, previous.reason == record.reason {
                return previous
            }
            changed += 1
            return record
        }
        self.changed = changed
    }
}
