import Hummingbird
import PengingatCore
import PengingatStore

/// An API call's query, read strictly: a value the spec does not allow is a 400 that names it
/// (`WEB06`), never a filter silently dropped, which would widen the answer. An empty value is
/// no value for free text (a group, a name) and a wrong value for everything the spec limits (a
/// choice, a number, a date); a repeated name counts once, its first value.
struct APIQuery {
    let values: [String: String]

    init(_ parameters: Parameters) {
        var values: [String: String] = [:]
        for (name, value) in parameters where values[String(name)] == nil { values[String(name)] = String(value) }
        self.values = values
    }

    func text(_ name: String) -> String? {
        values[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// One of `choices` by the word the API uses for it.
    func choice<Value>(_ name: String, _ choices: KeyValuePairs<String, Value>) throws(DeskError) -> Value? {
        guard let text = values[name] else { return nil }
        guard let value = choices.first(where: { $0.key == text })?.value else {
            throw DeskError(.invalidForm("\(name) harus \(choices.map(\.key).joined(separator: ", ")), bukan \"\(text)\""))
        }
        return value
    }

    func bool(_ name: String, default fallback: Bool) throws(DeskError) -> Bool {
        try choice(name, ["true": true, "false": false]) ?? fallback
    }

    func limit(default fallback: Int, maximum: Int) throws(DeskError) -> Int {
        guard let text = values["limit"] else { return fallback }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw DeskError(.invalidForm("limit harus bilangan 1 sampai \(maximum), bukan \"\(text)\""))
        }
        return value
    }

    func date(_ name: String) throws(DeskError) -> CalendarDate? {
        guard let text = values[name] else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw DeskError(.invalidForm("\(name) harus tanggal seperti 2026-12-10, bukan \"\(text)\""))
        }
        return date
    }

    // MARK: - The operations' queries

    /// `GET /api/v1/households`: the filter, where the page starts, and its size.
    func householdList() throws(DeskError) -> (HouseholdFilter, after: Household.ID?, limit: Int) {
        let filter = HouseholdFilter(
            groupID: text("group"), status: try choice("status", ["active": Household.Status.active, "inactive": .inactive]),
            consent: try choice("consent", ["granted": Household.Consent.granted, "opted_out": .optedOut]), name: text("name"))
        var after: Household.ID?
        if let cursor = text("cursor") {
            guard let id = HouseholdCursor.decode(cursor) else {
                throw DeskError(.invalidForm("cursor \"\(cursor)\" tidak dikenal; pakai nextCursor dari halaman sebelumnya"))
            }
            after = id
        }
        return (filter, after, try limit(default: 50, maximum: 200))
    }

    /// `GET /api/v1/log`.
    func deliveryLog() throws(DeskError) -> DeliveryLogFilter {
        let state: OutboxState?
        if let status = values["status"] {
            guard let value = OutboxState(rawValue: status) else { throw DeskError(.invalidForm("status \"\(status)\" tidak dikenal")) }
            state = value
        } else {
            state = nil
        }
        let (since, until) = LogFilterForm.instants(since: try date("since"), until: try date("until"))
        return DeliveryLogFilter(
            householdID: text("household"), groupID: text("group"), gateway: text("gateway"), state: state,
            since: since, until: until, limit: try limit(default: 300, maximum: 5000))
    }
}
