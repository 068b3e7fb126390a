import Foundation
import PengingatCore

extension MemoryStore {
    public func recordAttendance(_ records: [AttendanceRecord], meetingID: String, groupID: Group.ID) -> Int {
        let old = Dictionary(uniqueKeysWithValues: (attendanceByMeeting[meetingID]?.records ?? []).map { ($0.householdID, $0) })
        var changed = 0
        let kept = records.map { record in
            // An unchanged row keeps who recorded it first, and when.
            if let previous = old[record.householdID], previous.status == record.status, previous.reason == record.reason {
                return previous
            }
            changed += 1
            return record
        }
        attendanceByMeeting[meetingID] = (groupID, kept.sorted { $0.householdID < $1.householdID })
        return changed
    }

    public func attendance(meetingID: String) -> [AttendanceRecord] {
        attendanceByMeeting[meetingID]?.records ?? []
    }

    public func attendanceHistory(groupID: Group.ID) -> [String: [AttendanceRecord]] {
        attendanceByMeeting.filter { $0.value.groupID == groupID }.mapValues(\.records)
    }
}
