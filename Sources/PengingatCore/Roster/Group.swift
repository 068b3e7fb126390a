/// A P2K2 group (kelompok): 15–30 households that meet monthly with their facilitator.
public struct Group: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = String

    public enum MeetingMode: String, Hashable, Sendable, Codable, CaseIterable {
        /// Face to face: a house, the kelurahan hall.
        case inPerson = "tatap_muka"
        /// Online (daring).
        case online = "daring"
    }

    public var id: ID
    public var name: String
    public var facilitatorID: Facilitator.ID
    public var kelurahan: String
    public var rw: String
    public var zone: IndonesianTimeZone
    public var schedule: MeetingSchedule
    public var place: String
    public var mode: MeetingMode
    /// PKH-akses areas (remote, hard to reach) meet at least every three months instead of monthly.
    public var isPKHAkses: Bool
    /// The ketua kelompok, a household of this group, who often relays messages to households without a phone.
    public var leaderHouseholdID: Household.ID?

    public init(
        id: ID, name: String, facilitatorID: Facilitator.ID, kelurahan: String, rw: String,
        zone: IndonesianTimeZone, schedule: MeetingSchedule, place: String, mode: MeetingMode = .inPerson,
        isPKHAkses: Bool = false, leaderHouseholdID: Household.ID? = nil
    ) {
        self.id = id
        self.name = name
        self.facilitatorID = facilitatorID
        self.kelurahan = kelurahan
        self.rw = rw
        self.zone = zone
        self.schedule = schedule
        self.place = place
        self.mode = mode
        self.isPKHAkses = isPKHAkses
        self.leaderHouseholdID = leaderHouseholdID
    }
}
