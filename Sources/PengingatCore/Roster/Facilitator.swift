/// A PKH social facilitator (pendamping), who looks after a few hundred households in several groups.
public struct Facilitator: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = String

    public var id: ID
    public var name: String
    public var phone: PhoneNumber?
    public var email: String?

    public init(id: ID, name: String, phone: PhoneNumber? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.phone = phone
        self.email = email
    }
}
