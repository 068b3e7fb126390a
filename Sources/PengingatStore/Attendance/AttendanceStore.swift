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
