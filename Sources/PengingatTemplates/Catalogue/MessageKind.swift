/// Every kind of message Pengingat sends. The raw value is the template's file name:
/// `Templates/<language>/<raw value>.mustache`.
public enum MessageKind: String, CaseIterable, Sendable, Codable, Comparable {
    // P2K2 group meetings
    case p2k2DaysBefore = "p2k2-reminder-days-before"
    case p2k2DayBefore = "p2k2-reminder-day-before"
    case p2k2SameDay = "p2k2-reminder-same-day"
    case p2k2Rescheduled = "p2k2-rescheduled"
    case p2k2Cancelled = "p2k2-cancelled"
    // Health
    case posyanduChild = "posyandu-child"
    case posyanduPregnant = "posyandu-pregnant"
    case antenatalVisit = "antenatal-visit"
    case deliveryPreparation = "delivery-preparation"
    case postnatalVisit = "postnatal-visit"
    case newbornVisit = "newborn-visit"
    case immunisationDue = "immunisation-due"
    case vitaminA = "vitamin-a"
    /// One posyandu morning told once: what each member does there (weighing, immunisation,
    /// vitamin A, pregnancy check), in one sentence with its time and place.
    case posyanduDay = "posyandu-day"
    /// A health reminder without health details, for a phone the household does not own
    /// (shared with neighbours, a relative's) and for the ketua's relay digest.
    case healthDiscreet = "health-reminder-discreet"
    // Education
    case semesterStart = "school-semester-start"
    case schoolAttendance = "school-attendance"
    // Elderly
    case posyanduElderly = "posyandu-elderly"
    // Motivation after a missed meeting
    case motivationFirstMiss = "motivation-first-miss"
    case motivationSecondMiss = "motivation-second-miss"
    case motivationThirdMiss = "motivation-third-miss"
    case motivationExcused = "motivation-excused"
    /// After the monthly verification: a commitment not met, asked about gently, once a month.
    case commitmentFollowUp = "commitment-follow-up"
    // Digests
    case relayDigest = "relay-digest"
    case facilitatorDigest = "facilitator-digest"
    // Conversation
    case broadcast = "broadcast"
    case optOutConfirmation = "opt-out-confirmation"
    case optInConfirmation = "opt-in-confirmation"
    case replyAcknowledgement = "reply-acknowledgement"
    case scheduleAnswer = "schedule-answer"

    public enum Category: String, Sendable {
        case p2k2, health, education, elderly, motivation, digest, conversation
    }

    public var category: Category {
        switch self {
        case .p2k2DaysBefore, .p2k2DayBefore, .p2k2SameDay, .p2k2Rescheduled, .p2k2Cancelled: .p2k2
        case .posyanduChild, .posyanduPregnant, .antenatalVisit, .deliveryPreparation, .postnatalVisit,
             .newbornVisit, .immunisationDue, .vitaminA, .posyanduDay, .healthDiscreet: .health
        case .semesterStart, .schoolAttendance: .education
        case .posyanduElderly: .elderly
        case .motivationFirstMiss, .motivationSecondMiss, .motivationThirdMiss, .motivationExcused, .commitmentFollowUp: .motivation
        case .relayDigest, .facilitatorDigest: .digest
        case .broadcast, .optOutConfirmation, .optInConfirmation, .replyAcknowledgement, .scheduleAnswer: .conversation
        }
    }

    /// Reminders must fit the configured number of SMS (one by default) with a typical name and place.
    /// A composed posyandu morning is not held to it: its length is what happens that day,
    /// and each of its parts is a reminder that is.
    public var isReminder: Bool {
        if self == .posyanduDay { return false }
        return switch category {
        case .p2k2, .health, .education, .elderly: true
        case .motivation, .digest, .conversation: false
        }
    }

    /// Says something about a pregnancy, a birth or a baby's care: not for a phone the
    /// household shares with someone else.
    public var carriesHealthDetails: Bool {
        switch self {
        case .posyanduPregnant, .antenatalVisit, .deliveryPreparation, .postnatalVisit, .newbornVisit: true
        default: false
        }
    }

    /// Sundanese is required for these; other kinds fall back to Indonesian.
    public var requiresSundanese: Bool { category == .p2k2 || category == .motivation }

    public static func < (lhs: MessageKind, rhs: MessageKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
