import Foundation

/// Whether a household came to a P2K2 meeting.
public enum AttendanceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case present = "hadir"
    /// Excused, with a reason the facilitator sees.
    case excused = "izin"
    case absent = "tidak_hadir"

    /// Reads `hadir`, `izin`, `tidak hadir`, `tidak_hadir`, `absen`, `alpa`, `H`, `I`, `A`.
    public init?(written raw: String) {
        let text = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).joined(separator: "_")
        switch text {
        case "hadir", "h", "datang", "ya": self = .present
        case "izin", "ijin", "i", "sakit", "s": self = .excused
        case "tidak_hadir", "tidakhadir", "absen", "alpa", "alpha", "a", "t", "tidak": self = .absent
        default: return nil
        }
    }
}

/// One household's attendance at one meeting, with who recorded it and when.
public struct AttendanceRecord: Sendable, Hashable {
    public let meetingID: String
    public let householdID: Household.ID
    public let status: AttendanceStatus
    public let reason: String?
    public let recordedBy: String
    public let recordedAt: Date

    public init(meetingID: String, householdID: Household.ID, status: AttendanceStatus, reason: String? = nil,
                recordedBy: String, recordedAt: Date) {
        self.meetingID = meetingID
        self.householdID = householdID
        self.status = status
        self.reason = reason
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// The follow-up ladder after missed meetings: a first miss, a second in a row, a third (and
/// a home visit); an excused absence gets its own gentle variant; attending starts over.
public enum MotivationLevel: Int, Sendable, Hashable, Comparable {
    case excused = 0
    case firstMiss = 1
    case secondMiss = 2
    case thirdMiss = 3

    /// The level for a household's latest meeting, from its attendance in meeting order
    /// (oldest first). Nil when it attended. Excused meetings neither count as a miss nor
    /// reset the ladder; only attending resets it.
    public static func level(history: [AttendanceStatus]) -> MotivationLevel? {
        guard let last = history.last else { return nil }
        switch last {
        case .present: return nil
        case .excused: return .excused
        case .absent:
            var misses = 0
            for status in history.reversed() {
                if status == .present { break }
                if status == .absent { misses += 1 }
            }
            return MotivationLevel(rawValue: min(3, misses))
        }
    }

    public static func < (lhs: MotivationLevel, rhs: MotivationLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
