import Foundation
import PengingatCore

extension MemoryStore {
    public func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) -> Int {
        let old = Dictionary(uniqueKeysWithValues: (attendanceByMeeting[meetingID]?.records ?? []).map { ($0.householdID, $0) })
        let changed = records.filter { record in
            guard let previous = old[record.householdID] else { return true }
            return previous.status != record.status || previous.reason != record.reason
        }.count
        attendanceByMeeting[meetingID] = (groupID, records.sorted { $0.householdID < $1.householdID })
        return changed
    }

    public func attendance(meetingID: String) -> [AttendanceRecord] {
        attendanceByMeeting[meetingID]?.records ?? []
    }

    public func attendanceHistory(groupID: Group.ID) -> [String: [AttendanceRecord]] {
        attendanceByMeeting.filter { $0.value.groupID == groupID }.mapValues(\.records)
    }
}
