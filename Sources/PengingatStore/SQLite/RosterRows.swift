import GRDB
import PengingatCore

/// Raised when a stored value no longer reads as a domain value (edited by hand, or corrupt).
struct CorruptRowError: Error, CustomStringConvertible {
    let table: String
    let id: String
    let column: String
    var description: String { "\(table) \(id): column \(column) does not hold a valid value" }
}

private let snakeCase = DatabaseColumnEncodingStrategy.convertToSnakeCase
private let fromSnakeCase = DatabaseColumnDecodingStrategy.convertFromSnakeCase

struct FacilitatorRow: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "facilitators"
    static let databaseColumnEncodingStrategy = snakeCase
    static let databaseColumnDecodingStrategy = fromSnakeCase

    var id: String
    var name: String
    var phone: String?
    var email: String?

    init(_ value: Facilitator) {
        id = value.id
        name = value.name
        phone = value.phone?.e164
        email = value.email
    }

    func domain() throws -> Facilitator {
        Facilitator(id: id, name: name, phone: try readPhone(phone, table: "facilitators", id: id), email: email)
    }
}

struct PosyanduRow: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "posyandus"
    static let databaseColumnEncodingStrategy = snakeCase
    static let databaseColumnDecodingStrategy = fromSnakeCase

    var id: String
    var name: String
    var kelurahan: String
    var kelurahanKey: String
    var rw: String
    var schedule: String
    var place: String

    init(_ value: Posyandu) {
        id = value.id
        name = value.name
        kelurahan = value.kelurahan
        kelurahanKey = AdministrativeArea.kelurahanKey(value.kelurahan)
        rw = value.rw
        schedule = value.schedule.description
        place = value.place
    }

    func domain() throws -> Posyandu {
        guard let schedule = try? MeetingSchedule.parse(schedule) else {
            throw CorruptRowError(table: Self.databaseTableName, id: id, column: "schedule")
        }
        return Posyandu(id: id, name: name, kelurahan: kelurahan, rw: rw, schedule: schedule, place: place)
    }
}

struct GroupRow: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "p2k2_groups"
    static let databaseColumnEncodingStrategy = snakeCase
    static let databaseColumnDecodingStrategy = fromSnakeCase

    var id: String
    var name: String
    var facilitatorId: String
    var kelurahan: String
    var rw: String
    var zone: String
    var schedule: String
    var place: String
    var mode: String
    var isPkhAkses: Bool
    var leaderHouseholdId: String?

    init(_ value: Group) {
        id = value.id
        name = value.name
        facilitatorId = value.facilitatorID
        kelurahan = value.kelurahan
        rw = value.rw
        zone = value.zone.identifier
        schedule = value.schedule.description
        place = value.place
        mode = value.mode.rawValue
        isPkhAkses = value.isPKHAkses
        leaderHouseholdId = value.leaderHouseholdID
    }

    func domain() throws -> Group {
        let corrupt = { (column: String) in CorruptRowError(table: Self.databaseTableName, id: id, column: column) }
        guard let zone = try? IndonesianTimeZone(parsing: zone) else { throw corrupt("zone") }
        guard let schedule = try? MeetingSchedule.parse(schedule) else { throw corrupt("schedule") }
        guard let mode = Group.MeetingMode(rawValue: mode) else { throw corrupt("mode") }
        return Group(
            id: id, name: name, facilitatorID: facilitatorId, kelurahan: kelurahan, rw: rw, zone: zone,
            schedule: schedule, place: place, mode: mode, isPKHAkses: isPkhAkses,
            leaderHouseholdID: leaderHouseholdId)
    }
}

struct HouseholdRow: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "households"
    static let databaseColumnEncodingStrategy = snakeCase
    static let databaseColumnDecodingStrategy = fromSnakeCase

    var id: String
    var caregiverName: String
    var phone: String?
    var alternatePhone: String?
    var channel: String
    var language: String
    var groupId: String
    var rt: String
    var rw: String
    var address: String
    var status: String
    var consent: String

    init(_ value: Household) {
        id = value.id
        caregiverName = value.caregiverName
        phone = value.phone?.e164
        alternatePhone = value.alternatePhone?.e164
        channel = value.channel.rawValue
        language = value.language.rawValue
        groupId = value.groupID
        rt = value.rt
        rw = value.rw
        address = value.address
        status = value.status.rawValue
        consent = value.consent.rawValue
    }

    func domain() throws -> Household {
        let corrupt = { (column: String) in CorruptRowError(table: Self.databaseTableName, id: id, column: column) }
        guard let channel = Household.Channel(rawValue: channel) else { throw corrupt("channel") }
        guard let language = Household.Language(rawValue: language) else { throw corrupt("language") }
        guard let status = Household.Status(rawValue: status) else { throw corrupt("status") }
        guard let consent = Household.Consent(rawValue: consent) else { throw corrupt("consent") }
        return Household(
            id: id, caregiverName: caregiverName,
            phone: try readPhone(phone, table: Self.databaseTableName, id: id),
            alternatePhone: try readPhone(alternatePhone, table: Self.databaseTableName, id: id),
            channel: channel, language: language, groupID: groupId, rt: rt, rw: rw, address: address,
            status: status, consent: consent)
    }
}

struct MemberRow: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "members"
    static let databaseColumnEncodingStrategy = snakeCase
    static let databaseColumnDecodingStrategy = fromSnakeCase

    var householdId: String
    var nameKey: String
    var name: String
    var relation: String
    var sex: String?
    var birthDate: String?
    var component: String?
    var lastMenstrualPeriod: String?
    var deliveryDate: String?
    var schoolName: String
    var isActive: Bool

    init(_ value: Member) {
        householdId = value.householdID
        nameKey = value.key
        name = value.name
        relation = value.relation
        sex = value.sex?.rawValue
        birthDate = value.birthDate?.description
        component = value.component?.rawValue
        lastMenstrualPeriod = value.lastMenstrualPeriod?.description
        deliveryDate = value.deliveryDate?.description
        schoolName = value.schoolName
        isActive = value.isActive
    }

    func domain() throws -> Member {
        let id = "\(householdId)/\(nameKey)"
        let corrupt = { (column: String) in CorruptRowError(table: Self.databaseTableName, id: id, column: column) }
        func date(_ text: String?, _ column: String) throws -> CalendarDate? {
            guard let text else { return nil }
            guard let date = CalendarDate(iso: text) else { throw corrupt(column) }
            return date
        }
        var sexValue: Member.Sex?
        if let sex {
            guard let value = Member.Sex(rawValue: sex) else { throw corrupt("sex") }
            sexValue = value
        }
        var componentValue: Member.Component?
        if let component {
            guard let value = Member.Component(rawValue: component) else { throw corrupt("component") }
            componentValue = value
        }
        return Member(
            householdID: householdId, name: name, relation: relation, sex: sexValue,
            birthDate: try date(birthDate, "birth_date"), component: componentValue,
            lastMenstrualPeriod: try date(lastMenstrualPeriod, "last_menstrual_period"),
            deliveryDate: try date(deliveryDate, "delivery_date"), schoolName: schoolName, isActive: isActive)
    }
}

private func readPhone(_ text: String?, table: String, id: String) throws -> PhoneNumber? {
    guard let text else { return nil }
    guard let phone = PhoneNumber(e164: text) else { throw CorruptRowError(table: table, id: id, column: "phone") }
    return phone
}
