import Foundation
import PengingatAPI
import PengingatCore
import PengingatStore

/// What the generated types cannot say of a request, checked as the spec says it: a number's
/// range, a date that exists, a cursor a page gave, text that is not blank. A value the spec
/// does not allow is a 400 that names it (`WEB06`), never a filter silently dropped, which would
/// widen the answer. An empty value is no value for free text (a group, a name) and a wrong
/// value for everything the spec limits (a choice, a number, a date).
enum APIQuery {
    /// `GET /api/v1/households`: the filter, where the page starts, and its size.
    struct HouseholdList {
        let filter: HouseholdFilter
        let after: Household.ID?
        let limit: Int

        init(_ query: Operations.ListHouseholds.Input.Query) throws(DeskError) {
            filter = HouseholdFilter(
                groupID: APIQuery.text(query.group),
                status: query.status.map { $0 == .active ? .active : .inactive },
                consent: query.consent.map { $0 == .optedOut ? .optedOut : .granted },
                name: APIQuery.text(query.name))
            after = try APIQuery.cursor(query.cursor, PageCursor.decode)
            limit = try APIQuery.limit(query.limit, default: 50, maximum: 200)
        }
    }

    /// `GET /api/v1/log`: one line more than the page holds, to know whether another follows.
    static func deliveryLog(_ query: Operations.ReadLog.Input.Query) throws(DeskError) -> (DeliveryLogFilter, limit: Int) {
        let (since, until) = LogFilterForm.instants(since: try date("since", query.since), until: try date("until", query.until))
        let limit = try limit(query.limit, default: 300, maximum: 5000)
        let filter = DeliveryLogFilter(
            householdID: text(query.household), groupID: text(query.group), gateway: text(query.gateway),
            state: query.status.flatMap { OutboxState(rawValue: $0.rawValue) }, since: since, until: until,
            beforeLine: try cursor(query.cursor, PageCursor.logLine(from:)), limit: limit + 1)
        return (filter, limit)
    }

    /// A page's `cursor`, read back into its list's position.
    static func cursor<Position>(_ value: String?, _ read: (String) -> Position?) throws(DeskError) -> Position? {
        guard let cursor = text(value) else { return nil }
        guard let position = read(cursor) else {
            throw DeskError(.invalidForm("cursor \"\(cursor)\" tidak dikenal; pakai nextCursor dari halaman sebelumnya"))
        }
        return position
    }

    /// A broadcast's body, as the desk takes it: the text not blank nor too long, the time read.
    static func broadcastForm(_ body: Components.Schemas.BroadcastRequest) throws(DeskError) -> FacilitatorDesk.BroadcastForm {
        guard APILocalTime.hasVisibleText(body.text) else { throw DeskError(.invalidForm("text tidak boleh kosong")) }
        guard body.text.unicodeScalars.count <= APILocalTime.maximumTextLength else {
            throw DeskError(.invalidForm("text paling panjang \(APILocalTime.maximumTextLength) karakter"))
        }
        return .init(audience: body.audience, text: body.text,
                     at: try body.at.map { text throws(DeskError) in try APILocalTime.parse(text).instant(in: .wib) })
    }

    static func meetingID(group: String, month: String) -> String { "\(group)/\(month)" }

    /// A body in a content type the operation does not take (the generated input has no case
    /// for it).
    static var unreadableBody: DeskError { DeskError(.invalidForm("isi permintaan harus application/json")) }

    static func text(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func limit(_ value: Int?, default fallback: Int, maximum: Int) throws(DeskError) -> Int {
        guard let value else { return fallback }
        guard (1...maximum).contains(value) else {
            throw DeskError(.invalidForm("limit harus bilangan 1 sampai \(maximum), bukan \(value)"))
        }
        return value
    }

    static func date(_ name: String, _ value: String?) throws(DeskError) -> CalendarDate? {
        guard let value else { return nil }
        guard let date = CalendarDate(iso: value) else {
            throw DeskError(.invalidForm("\(name) harus tanggal seperti 2026-12-10, bukan \"\(value)\""))
        }
        return date
    }
}
