/// A beneficiary household (KPM). Its contact is the pengurus, usually the mother.
public struct Household: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = String

    public enum Channel: String, Hashable, Sendable, Codable, CaseIterable {
        case sms
        case whatsapp
    }

    /// The language messages are written in; Indonesian is the fallback for any missing template.
    public enum Language: String, Hashable, Sendable, Codable, CaseIterable {
        case indonesian = "id"
        case sundanese = "su"
        case javanese = "jv"
    }

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case active = "aktif"
        case inactive = "nonaktif"
    }

    /// Whether the household agreed to receive messages. Set by the household's own replies
    /// (opt-out, opt-in), never by a roster import.
    public enum Consent: String, Hashable, Sendable, Codable, CaseIterable {
        case granted
        case optedOut = "opted_out"
    }

    public var id: ID
    public var caregiverName: String
    /// Nil for a household without a phone: its messages go to the ketua kelompok's relay digest.
    public var phone: PhoneNumber?
    public var alternatePhone: PhoneNumber?
    public var channel: Channel
    public var language: Language
    public var groupID: Group.ID
    public var rt: String
    public var rw: String
    public var address: String
    public var status: Status
    public var consent: Consent

    public init(
        id: ID, caregiverName: String, phone: PhoneNumber?, alternatePhone: PhoneNumber? = nil,
        channel: Channel = .sms, language: Language = .indonesian, groupID: Group.ID,
        rt: String = "", rw: String = "", address: String = "", status: Status = .active,
        consent: Consent = .granted
    ) {
        self.id = id
        self.caregiverName = caregiverName
        self.phone = phone
        self.alternatePhone = alternatePhone
        self.channel = channel
        self.language = language
        self.groupID = groupID
        self.rt = rt
        self.rw = rw
        self.address = address
        self.status = status
        self.consent = consent
    }
}
