/// A village health post. A household uses the posyandu of its own kelurahan and RW.
public struct Posyandu: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = String

    public var id: ID
    public var name: String
    public var kelurahan: String
    public var rw: String
    public var schedule: MeetingSchedule
    public var place: String

    public init(id: ID, name: String, kelurahan: String, rw: String, schedule: MeetingSchedule, place: String) {
        self.id = id
        self.name = name
        self.kelurahan = kelurahan
        self.rw = rw
        self.schedule = schedule
        self.place = place
    }
}
