/// How many of the households recorded at meetings came, were excused or were absent, and the
/// attendance rate every report and picture shows.
public struct AttendanceTally: Sendable, Equatable {
    public var present = 0
    public var excused = 0
    public var absent = 0

    public init(present: Int = 0, excused: Int = 0, absent: Int = 0) {
        self.present = present
        self.excused = excused
        self.absent = absent
    }

    public var recorded: Int { present + excused + absent }

    /// Present of the households recorded (an excused household did not come); nil when none was recorded.
    public var rate: Double? { recorded > 0 ? Double(present) / Double(recorded) : nil }

    public mutating func add(_ status: AttendanceStatus) {
        switch status {
        case .present: present += 1
        case .excused: excused += 1
        case .absent: absent += 1
        }
    }

    public static func + (lhs: AttendanceTally, rhs: AttendanceTally) -> AttendanceTally {
        AttendanceTally(present: lhs.present + rhs.present, excused: lhs.excused + rhs.excused, absent: lhs.absent + rhs.absent)
    }
}
