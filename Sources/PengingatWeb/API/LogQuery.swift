import Hummingbird
import PengingatCore
import PengingatStore

/// The query of `GET /api/v1/log`, read strictly: an unreadable date, status or limit is a
/// 400 that names it, never a filter silently dropped (which would widen the answer).
struct LogQuery {
    let values: [String: String]

    init(_ parameters: Parameters) {
        var values: [String: String] = [:]
        for (name, value) in parameters where values[String(name)] == nil { values[String(name)] = String(value) }
        self.values = values
    }

    func parsed() throws(DeskError) -> DeliveryLogFilter {
        func date(_ name: String) throws(DeskError) -> CalendarDate? {
            guard let text = values[name] else { return nil }
            guard let date = CalendarDate(iso: text) else {
                throw DeskError(.invalidForm("\(name) harus tanggal seperti 2026-12-10, bukan \"\(text)\""))
            }
            return date
        }
        var state: OutboxState?
        if let status = values["status"] {
            guard let value = OutboxState(rawValue: status) else {
                throw DeskError(.invalidForm("status \"\(status)\" tidak dikenal"))
            }
            state = value
        }
        var limit = 300
        if let text = values["limit"] {
            guard let value = Int(text), (1...5000).contains(value) else {
                throw DeskError(.invalidForm("limit harus bilangan 1 sampai 5000, bukan \"\(text)\""))
            }
            limit = value
        }
        let nonEmpty = { (name: String) in values[name].flatMap { $0.isEmpty ? nil : $0 } }
        return DeliveryLogFilter(
            householdID: nonEmpty("household"), groupID: nonEmpty("group"), gateway: nonEmpty("gateway"), state: state,
            since: try date("since").map { LocalDateTime(date: $0, time: .midnight).instant(in: .wib) },
            until: try date("until").map { LocalDateTime(date: $0.adding(days: 1), time: .midnight).instant(in: .wib) }, limit: limit)
    }

    /// `unhandled` of `GET /api/v1/replies`: true unless it says false.
    static func unhandledOnly(_ parameters: Parameters) throws(DeskError) -> Bool {
        guard let text = parameters["unhandled"].map(String.init) else { return true }
        switch text {
        case "true": return true
        case "false": return false
        default: throw DeskError(.invalidForm("unhandled harus true atau false, bukan \"\(text)\""))
        }
    }
}
