import Hummingbird
import PengingatCore
import PengingatStore

/// The query of `GET /api/v1/households`, read strictly: a value that is not one the API
/// documents is a 400 that names it, never a silently wider list.
struct HouseholdListQuery {
    static let defaultLimit = 50
    static let maximumLimit = 200

    let values: [String: String]

    init(_ parameters: Parameters) {
        var values: [String: String] = [:]
        for (name, value) in parameters where values[String(name)] == nil { values[String(name)] = String(value) }
        self.values = values
    }

    func parsed() throws(DeskError) -> (HouseholdFilter, after: Household.ID?, limit: Int) {
        var filter = HouseholdFilter(groupID: values["group"].flatMap { $0.isEmpty ? nil : $0 },
                                     name: values["name"].flatMap { $0.isEmpty ? nil : $0 })
        if let status = values["status"] {
            switch status {
            case "active": filter.status = .active
            case "inactive": filter.status = .inactive
            default: throw DeskError(.invalidForm("status harus active atau inactive, bukan \"\(status)\""))
            }
        }
        if let consent = values["consent"] {
            guard let value = Household.Consent(rawValue: consent) else {
                throw DeskError(.invalidForm("consent harus granted atau opted_out, bukan \"\(consent)\""))
            }
            filter.consent = value
        }
        var limit = Self.defaultLimit
        if let text = values["limit"] {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw DeskError(.invalidForm("limit harus bilangan 1 sampai \(Self.maximumLimit), bukan \"\(text)\""))
            }
            limit = value
        }
        var after: Household.ID?
        if let cursor = values["cursor"], !cursor.isEmpty {
            guard let id = HouseholdCursor.decode(cursor) else {
                throw DeskError(.invalidForm("cursor \"\(cursor)\" tidak dikenal; pakai nextCursor dari halaman sebelumnya"))
            }
            after = id
        }
        return (filter, after, limit)
    }
}
