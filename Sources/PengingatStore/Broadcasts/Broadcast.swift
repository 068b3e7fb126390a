import Foundation
import PengingatCore

/// A message a facilitator or operator sent to many households at once, as it was asked for,
/// with who asked and what the preview promised. Its messages are in the outbox under the
/// key prefix `siaran/<id>/`.
public struct Broadcast: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Its messages are in the outbox, waiting for their time or being sent.
        case scheduled = "terjadwal"
        case cancelled = "dibatalkan"
    }

    public let id: String
    public let createdBy: String
    public let createdAt: Date
    /// The audience as written (`kelompok:KLP-01`, `komponen:bumil,lansia`, `semua`).
    public let audience: String
    /// The facilitator whose households it reaches, when it is one facilitator's.
    public let facilitatorID: Facilitator.ID?
    /// `templat:<kind>` or the facilitator's own text.
    public let content: String
    public let scheduledAt: Date
    public let households: Int
    public let messages: Int
    public let segments: Int
    /// In rupiah, from the configured prices.
    public let estimatedCost: Int
    public var state: State
    public var cancelledBy: String?
    public var cancelledAt: Date?

    public init(
        id: String, createdBy: String, createdAt: Date, audience: String, facilitatorID: Facilitator.ID?, content: String,
        scheduledAt: Date, households: Int, messages: Int, segments: Int, estimatedCost: Int, state: State = .scheduled,
        cancelledBy: String? = nil, cancelledAt: Date? = nil
    ) {
        self.id = id
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.audience = audience
        self.facilitatorID = facilitatorID
        self.content = content
        self.scheduledAt = scheduledAt
        self.households = households
        self.messages = messages
        self.segments = segments
        self.estimatedCost = estimatedCost
        self.state = state
        self.cancelledBy = cancelledBy
        self.cancelledAt = cancelledAt
    }

    /// Every outbox key of this broadcast starts with this.
    public var keyPrefix: String { Self.keyPrefix(id) }

    public static func keyPrefix(_ id: String) -> String { "siaran/\(id)/" }
}

/// What cancelling a broadcast did.
public struct BroadcastCancellation: Sendable, Equatable {
    /// Messages taken out of the queue: they will not be sent.
    public var cancelled: Int
    /// Messages already sent or being sent: too late for them.
    public var underway: Int

    public init(cancelled: Int, underway: Int) {
        self.cancelled = cancelled
        self.underway = underway
    }
}
