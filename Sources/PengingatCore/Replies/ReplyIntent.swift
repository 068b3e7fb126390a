import Foundation

/// What a household means by a reply, read from its first word (or two).
public enum ReplyIntent: Hashable, Sendable {
    /// HADIR, YA, SIAP: will come to the next meeting.
    case attending
    /// IZIN <alasan>, TIDAK: will not come; the reason, when given, is for the facilitator.
    case excused(reason: String?)
    /// JADWAL: wants the next meeting's day, time and place.
    case schedule
    /// BERHENTI, STOP: no more messages to this number.
    case optOut
    /// MULAI: messages again.
    case optIn
    /// Anything else: kept for the facilitator to read.
    case other

    /// The stable name stored with a reply.
    public var code: String {
        switch self {
        case .attending: "hadir"
        case .excused: "izin"
        case .schedule: "jadwal"
        case .optOut: "berhenti"
        case .optIn: "mulai"
        case .other: "lain"
        }
    }

    public var reason: String? {
        if case .excused(let reason) = self { return reason }
        return nil
    }

    /// The intent back from its stored `code` and reason.
    public init?(code: String, reason: String? = nil) {
        switch code {
        case "hadir": self = .attending
        case "izin": self = .excused(reason: reason)
        case "jadwal": self = .schedule
        case "berhenti": self = .optOut
        case "mulai": self = .optIn
        case "lain": self = .other
        default: return nil
        }
    }
}
