/// Rupiah per SMS segment and per WhatsApp message (`broadcasts` in the configuration): the one
/// cost estimate a broadcast's preview and the monthly report both give.
public struct MessagePrices: Sendable, Equatable {
    public let smsSegment: Int
    public let whatsAppMessage: Int

    public init(smsSegment: Int, whatsAppMessage: Int) {
        self.smsSegment = smsSegment
        self.whatsAppMessage = whatsAppMessage
    }

    public func cost(smsSegments: Int, whatsAppMessages: Int) -> Int {
        smsSegments * smsSegment + whatsAppMessages * whatsAppMessage
    }
}
