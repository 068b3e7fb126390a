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
