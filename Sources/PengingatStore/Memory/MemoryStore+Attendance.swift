import Foundation
import PengingatCore

extension MemoryStore {
    public func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) -> Int {
        let correction = AttendanceCorrection(recording: records, over: attendanceByMeeting[meetingID]?.records ?? [])
        attendanceByMeeting[meetingID] = (groupID, correction.records.sorted { $0.householdID < $1.householdID })
        return correction.changed
    }

    public func attendance(meetingID: String) -> [AttendanceRecord] {
        attendanceByMeeting[meetingID]?.records ?? []
    }

    public func attendanceHistory(groupID: Group.ID) -> [String: [AttendanceRecord]] {
        attendanceByMeeting.filter { $0.value.groupID == groupID }.mapValues(\.records)
    }
}
