import Foundation
import PengingatCore

/// `GET /api/v1/households`: the API's own shape of a household, not a page's view model, so
/// a change of a page's wording never changes what a program reads.
public struct APIHousehold: Codable, Sendable, Equatable {
    public let id: String
    /// The caregiver's name.
    public let name: String
    public let groupID: String
    /// Masked (`+62821*****853`); the full number is never in the API.
    public let phone: String?
    public let channel: String
    public let language: String
    /// `active` or `inactive`.
    public let status: String
    /// `granted` or `opted_out`.
    public let consent: String

    init(_ household: Household) {
        id = household.id
        name = household.caregiverName
        groupID = household.groupID
        phone = household.phone?.masked
        channel = household.channel.rawValue
        language = household.language.rawValue
        status = household.status == .active ? "active" : "inactive"
        consent = household.consent.rawValue
    }
}

/// One page of households and where the next one starts.
public struct APIHouseholdPage: Codable, Sendable, Equatable {
    public let households: [APIHousehold]
    /// Give it as `cursor` for the next page; null on the last page.
    public let nextCursor: String?

    // Written as null, not left out, on the last page: the spec requires the field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(households, forKey: .households)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// The position after a household in the list by id: opaque to callers (base64url of the id),
/// so the paging scheme can change without breaking them.
enum HouseholdCursor {
    static func encode(_ id: Household.ID) -> String {
        Data(id.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Nil unless it is base64url (as the spec's pattern says). A well-formed cursor that no page
    /// gave is still a position in the list, so it answers a page, as any position would.
    static func decode(_ cursor: String) -> Household.ID? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard base64.count % 4 != 1, base64.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") })
        else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
