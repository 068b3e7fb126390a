/// When reminders go out: how long before each kind of event, inside which hours, and never
/// after the event has begun. Loaded from the `reminders` section of the configuration.
public struct ReminderPolicy: Sendable {
    /// What a reminder is about; each topic has its own offsets.
    public enum Topic: String, Sendable, Hashable, CaseIterable {
        case p2k2
        case posyandu
        case immunisation
        case vitaminA = "vitamin_a"
        case antenatal
        case deliveryPreparation = "delivery_preparation"
        case postnatal
        case newborn
        case semesterStart = "semester_start"
        case schoolAttendance = "school_attendance"
    }

    /// One reminder before (or at the opening of) an event.
    public struct Offset: Sendable, Hashable {
        public enum Anchor: Sendable, Hashable {
            /// N days before the event's day, at a fixed time ("3 days before at 17.00").
            case daysBefore(Int, at: TimeOfDay)
            /// N hours before the event starts.
            case hoursBefore(Int)
            /// When a window opens (antenatal, KF, KN), or as soon as possible while it is open.
            case windowOpening
        }

        public let anchor: Anchor
        /// The message kind to use, when the topic has several (P2K2); nil for the topic's own.
        public let template: String?
        /// A stable name for this offset in message keys: "h-3", "h-1", "j-2", "buka".
        public var name: String {
            switch anchor {
            case .daysBefore(let days, _): "h-\(days)"
            case .hoursBefore(let hours): "j-\(hours)"
            case .windowOpening: "buka"
            }
        }

        public init(anchor: Anchor, template: String? = nil) {
            self.anchor = anchor
            self.template = template
        }
    }

    /// A span of the week with no messages (Friday prayer).
    public struct QuietTime: Sendable, Hashable {
        public let weekday: Weekday
        public let start: TimeOfDay
        public let end: TimeOfDay

        public init(weekday: Weekday, start: TimeOfDay, end: TimeOfDay) {
            self.weekday = weekday
            self.start = start
            self.end = end
        }
    }

    /// Messages go out from `windowStart` until before `windowEnd`, in the recipient's zone.
    public var windowStart: TimeOfDay
    public var windowEnd: TimeOfDay
    public var quietTimes: [QuietTime]
    public var offsets: [Topic: [Offset]]
    /// At most this many messages to one phone on one day, from every source together.
    public var maxMessagesPerPhonePerDay: Int

    public init(
        windowStart: TimeOfDay = TimeOfDay(hour: 7, minute: 0)!, windowEnd: TimeOfDay = TimeOfDay(hour: 20, minute: 0)!,
        quietTimes: [QuietTime] = [
            QuietTime(weekday: .friday, start: TimeOfDay(hour: 11, minute: 30)!, end: TimeOfDay(hour: 13, minute: 0)!),
        ],
        offsets: [Topic: [Offset]], maxMessagesPerPhonePerDay: Int = 2
    ) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.quietTimes = quietTimes
        self.offsets = offsets
        self.maxMessagesPerPhonePerDay = maxMessagesPerPhonePerDay
    }

    /// When a reminder for an event starting at `start` (expiring at `expiry`) goes out, or
    /// nil when it cannot: its time passed before `now`, or no allowed moment is left before
    /// the expiry. A window opening that has passed is caught up at the next allowed moment.
    public func dueTime(
        _ offset: Offset, eventStart start: LocalDateTime, expiry: LocalDateTime, now: LocalDateTime
    ) -> LocalDateTime? {
        var candidate: LocalDateTime
        switch offset.anchor {
        case .daysBefore(let days, let time):
            candidate = LocalDateTime(date: start.date.adding(days: -days), time: time)
        case .hoursBefore(let hours):
            candidate = start.adding(minutes: -60 * hours)
        case .windowOpening:
            candidate = max(start, now)
        }
        if candidate < now { return nil }
        guard let allowed = nextAllowed(from: candidate), allowed < expiry else { return nil }
        return allowed
    }

    /// The first moment at or after `moment` inside the send window and outside quiet times.
    public func nextAllowed(from moment: LocalDateTime) -> LocalDateTime? {
        var candidate = moment
        // Each step moves strictly forward; a few are enough for any sane configuration.
        for _ in 0..<8 {
            if candidate.time < windowStart {
                candidate = LocalDateTime(date: candidate.date, time: windowStart)
                continue
            }
            if candidate.time >= windowEnd {
                candidate = LocalDateTime(date: candidate.date.adding(days: 1), time: windowStart)
                continue
            }
            if let quiet = quietTimes.first(where: {
                $0.weekday == candidate.date.weekday && candidate.time >= $0.start && candidate.time < $0.end
            }) {
                candidate = LocalDateTime(date: candidate.date, time: quiet.end)
                continue
            }
            return candidate
        }
        return nil
    }

    public func isAllowed(_ moment: LocalDateTime) -> Bool { nextAllowed(from: moment) == moment }
}
