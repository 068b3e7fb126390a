import Foundation

/// The delivery-log lines that state changes write, worded once for every store.
public enum OutboxTransition {
    public static func entry(_ key: String, from: OutboxState?, to: OutboxState, at: Date, detail: String?) -> DeliveryLogEntry {
        DeliveryLogEntry(messageKey: key, at: at, event: .status, fromState: from, toState: to, detail: detail)
    }

    /// A claim, or the reclaim of a message whose dispatcher's lease ran out.
    public static func claimed(_ key: String, from: OutboxState, by owner: String, at: Date) -> DeliveryLogEntry {
        entry(key, from: from, to: .sending, at: at,
              detail: from == .sending ? "reclaimed by \(owner) after the lease ended" : "claimed by \(owner)")
    }

    public static func released(_ key: String, by owner: String, at: Date) -> DeliveryLogEntry {
        entry(key, from: .sending, to: .queued, at: at, detail: "released by \(owner)")
    }

    public static func expired(_ key: String, from: OutboxState, at: Date) -> DeliveryLogEntry {
        entry(key, from: from, to: .expired, at: at, detail: "not sent before its event")
    }

    public static func unconfirmed(_ key: String, at: Date) -> DeliveryLogEntry {
        entry(key, from: .accepted, to: .unconfirmed, at: at, detail: "no delivery report")
    }

    public static func setByHand(_ key: String, from: OutboxState?, to: OutboxState, at: Date) -> DeliveryLogEntry {
        entry(key, from: from, to: to, at: at, detail: "set by hand")
    }
}
