import Foundation
import PengingatCore

/// The `broadcasts` section: what a broadcast costs and when it needs a second yes.
public struct BroadcastSettings: Sendable, Equatable, Decodable {
    /// Estimated price, in rupiah, of one SMS segment and of one WhatsApp message.
    public var pricePerSMSSegment: Int
    public var pricePerWhatsAppMessage: Int
    /// A broadcast to more phones than this must be confirmed (`--ya`, or typing YA).
    public var confirmAbove: Int
    /// A broadcast message not sent within this many hours of its time is dropped.
    public var expiresAfterHours: Double
    /// How many rendered messages the preview shows.
    public var previewCount: Int

    public init(pricePerSMSSegment: Int = 300, pricePerWhatsAppMessage: Int = 400, confirmAbove: Int = 50,
                expiresAfterHours: Double = 48, previewCount: Int = 3) {
        self.pricePerSMSSegment = pricePerSMSSegment
        self.pricePerWhatsAppMessage = pricePerWhatsAppMessage
        self.confirmAbove = confirmAbove
        self.expiresAfterHours = expiresAfterHours
        self.previewCount = previewCount
    }

    /// The prices as the cost estimates (a broadcast's preview, the monthly report) use them.
    public var prices: MessagePrices {
        MessagePrices(smsSegment: pricePerSMSSegment, whatsAppMessage: pricePerWhatsAppMessage)
    }

    enum CodingKeys: String, CodingKey {
        case pricePerSMSSegment = "price_per_sms_segment", pricePerWhatsAppMessage = "price_per_whatsapp_message"
        case confirmAbove = "confirm_above", expiresAfterHours = "expires_after_hours", previewCount = "preview_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BroadcastSettings()
        pricePerSMSSegment = try c.decodeIfPresent(Int.self, forKey: .pricePerSMSSegment) ?? d.pricePerSMSSegment
        pricePerWhatsAppMessage = try c.decodeIfPresent(Int.self, forKey: .pricePerWhatsAppMessage) ?? d.pricePerWhatsAppMessage
        confirmAbove = try c.decodeIfPresent(Int.self, forKey: .confirmAbove) ?? d.confirmAbove
        expiresAfterHours = try c.decodeIfPresent(Double.self, forKey: .expiresAfterHours) ?? d.expiresAfterHours
        previewCount = try c.decodeIfPresent(Int.self, forKey: .previewCount) ?? d.previewCount
    }
}

/// The `digest` section: each facilitator's morning summary.
public struct DigestSettings: Sendable, Equatable, Decodable {
    public enum Channel: String, Sendable, Equatable, Decodable {
        /// By e-mail when the facilitator has an address in pendamping.csv, else WhatsApp.
        case auto
        case email
        case whatsapp
        case sms
    }

    /// Wall time in the facilitator's zone (the zone of their groups).
    public var at: String
    public var channel: Channel
    /// The phone's judged unreachable after this many messages in a row did not arrive.
    public var unreachableAfterFailures: Int
    /// Evidence older than this is forgotten, so an unreachable phone is tried again.
    public var reachabilityWindowDays: Int
    /// At most this many lines per list in the digest; the rest is counted.
    public var maxLinesPerList: Int

    public init(at: String = "06.00", channel: Channel = .auto, unreachableAfterFailures: Int = 3,
                reachabilityWindowDays: Int = 30, maxLinesPerList: Int = 15) {
        self.at = at
        self.channel = channel
        self.unreachableAfterFailures = unreachableAfterFailures
        self.reachabilityWindowDays = reachabilityWindowDays
        self.maxLinesPerList = maxLinesPerList
    }

    enum CodingKeys: String, CodingKey {
        case at, channel
        case unreachableAfterFailures = "unreachable_after_failures", reachabilityWindowDays = "reachability_window_days"
        case maxLinesPerList = "max_lines_per_list"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DigestSettings()
        at = try c.decodeIfPresent(String.self, forKey: .at) ?? d.at
        channel = try c.decodeIfPresent(Channel.self, forKey: .channel) ?? d.channel
        unreachableAfterFailures = try c.decodeIfPresent(Int.self, forKey: .unreachableAfterFailures) ?? d.unreachableAfterFailures
        reachabilityWindowDays = try c.decodeIfPresent(Int.self, forKey: .reachabilityWindowDays) ?? d.reachabilityWindowDays
        maxLinesPerList = try c.decodeIfPresent(Int.self, forKey: .maxLinesPerList) ?? d.maxLinesPerList
    }

    public var reachabilityRules: ReachabilityRules {
        ReachabilityRules(failuresInARow: unreachableAfterFailures, window: TimeInterval(reachabilityWindowDays) * 86_400)
    }
}

/// The `replies` section: how Pengingat answers messages households send in.
public struct ReplySettings: Sendable, Equatable, Decodable {
    /// At most this many answers to one number within `answerWindowMinutes`: two
    /// auto-responders answering each other stop here.
    public var maxAnswersPerWindow: Int
    public var answerWindowMinutes: Int
    /// HADIR, IZIN and free text are acknowledged once per number within this many hours.
    public var acknowledgeOncePerHours: Double
    /// An answer not sent within this many hours is dropped: late, it would confuse.
    public var answerExpiresAfterHours: Double

    public init(maxAnswersPerWindow: Int = 3, answerWindowMinutes: Int = 60, acknowledgeOncePerHours: Double = 24,
                answerExpiresAfterHours: Double = 6) {
        self.maxAnswersPerWindow = maxAnswersPerWindow
        self.answerWindowMinutes = answerWindowMinutes
        self.acknowledgeOncePerHours = acknowledgeOncePerHours
        self.answerExpiresAfterHours = answerExpiresAfterHours
    }

    enum CodingKeys: String, CodingKey {
        case maxAnswersPerWindow = "max_answers_per_window", answerWindowMinutes = "answer_window_minutes"
        case acknowledgeOncePerHours = "acknowledge_once_per_hours", answerExpiresAfterHours = "answer_expires_after_hours"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReplySettings()
        maxAnswersPerWindow = try c.decodeIfPresent(Int.self, forKey: .maxAnswersPerWindow) ?? d.maxAnswersPerWindow
        answerWindowMinutes = try c.decodeIfPresent(Int.self, forKey: .answerWindowMinutes) ?? d.answerWindowMinutes
        acknowledgeOncePerHours = try c.decodeIfPresent(Double.self, forKey: .acknowledgeOncePerHours) ?? d.acknowledgeOncePerHours
        answerExpiresAfterHours = try c.decodeIfPresent(Double.self, forKey: .answerExpiresAfterHours) ?? d.answerExpiresAfterHours
    }
}
