import Foundation
import PengingatOutbox

extension DeliveryLogEntry {
    /// The delivery log's columns as both stores write them (`id` numbers the lines itself).
    static let storedColumns = [
        "message_key", "at_ms", "event", "gateway", "http_status", "latency_ms", "error", "from_state", "to_state", "detail",
    ]

    /// Hands the line's values to a statement, in `storedColumns` order.
    func write<Writer: RowValueWriter>(to writer: inout Writer) {
        writer.text(messageKey)
        writer.int(Int(at.timeIntervalSince1970 * 1000))
        writer.text(event.rawValue)
        writer.text(gateway)
        writer.int(httpStatus)
        writer.int(latencyMilliseconds)
        writer.text(error)
        writer.text(fromState?.rawValue)
        writer.text(toState?.rawValue)
        writer.text(detail)
    }
}
