import GRDB
import PengingatCore

/// Raised when a stored value no longer reads as a domain value (edited by hand, or corrupt).
struct CorruptRowError: Error, CustomStringConvertible {
    let table: String
    let id: String
    let column: String
    var description: String { "\(table) \(id): column \(column) does not hold a valid value" }
}

/// A roster table's row as both stores read and write it: its columns in one order (reads
/// select them in that order and decode by position; writes bind them in that order), and the
/// columns that identify it. Equality is what an import compares to count a row as changed.
protocol RosterTableRow: Equatable, Sendable, FetchableRecord, TableRecord {
    static var columns: [String] { get }
    static var keyColumns: [String] { get }
    /// Columns an import writes only with a new row and never overwrites (a household's consent);
    /// `keepStoredValues` copies them from the stored row, so the comparison agrees.
    static var columnsKeptOnUpdate: Set<String> { get }
    /// Hands the row's values to a statement, in `columns` order.
    func write<Writer: RowValueWriter>(to writer: inout Writer)
    /// Copies onto a row an import brings what an import never sets (`columnsKeptOnUpdate`).
    static func keepStoredValues(_ new: inout Self, from stored: Self?)
}


extension RosterTableRow {
    static var keyColumns: [String] { ["id"] }
    static var columnsKeptOnUpdate: Set<String> { [] }
    static func keepStoredValues(_ new: inout Self, from stored: Self?) {}
    static var databaseSelection: [any SQLSelectable] { columns.map { Column($0) } }

    func bind(_ binder: inout BulkStatement.Binder) { write(to: &binder) }

    /// What a row with a stored key does: it overwrites the stored row, but `columnsKeptOnUpdate`.
    /// Both stores' upserts end with it.
    static var onConflictUpdate: String {
        let updated = columns.filter { !keyColumns.contains($0) && !columnsKeptOnUpdate.contains($0) }
        return """
            ON CONFLICT (\(keyColumns.joined(separator: ", "))) DO UPDATE SET
            \(updated.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """
    }

    /// SQLite: inserts one row, or overwrites the stored row with its key.
    static var upsertSQL: String {
        """
        INSERT INTO \(databaseTableName) (\(columns.joined(separator: ", ")))
        VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
        \(onConflictUpdate)
        """
    }
}

struct FacilitatorRow: RosterTableRow {
    static let databaseTableName = "facilitators"
    static let columns = ["id", "name", "phone", "email"]

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

    init(row: Row) {
        id = row[0]
        name = row[1]
        phone = row[2]
        email = row[3]
    }

    func write<Writer: RowValueWriter>(to binder: inout Writer) {
        binder.text(id)
        binder.text(name)
        binder.text(phone)
        binder.text(email)
    }

    func domain() throws -> Facilitator {
        Facilitator(id: id, name: name, phone: try readPhone(phone, table: "facilitators", id: id), email: email)
    }
}

struct PosyanduRow: RosterTableRow {
    static let databaseTableName = "posyandus"
    static let columns = ["id", "name", "kelurahan", "kelurahan_key", "rw", "schedule", "place"]

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

    init(row: Row) {
        id = row[0]
        name = row[1]
        kelurahan = row[2]
        kelurahanKey = row[3]
        rw = row[4]
        schedule = row[5]
        place = row[6]
    }

    func write<Writer: RowValueWriter>(to binder: inout Writer) {
        for value in [id, name, kelurahan, kelurahanKey, rw, schedule, place] { binder.text(value) }
    }

    func domain(schedules: inout MeetingScheduleTexts) throws -> Posyandu {
        guard let schedule = schedules.schedule(schedule) else {
            throw CorruptRowError(table: Self.databaseTableName, id: id, column: "schedule")
        }
        return Posyandu(id: id, name: name, kelurahan: kelurahan, rw: rw, schedule: schedule, place: place)
    }
}

/// Schedules read from many rows, each distinct text parsed once: a district's groups and
/// posyandus share a handful ("Selasa ke-2 09.00"), and parsing one was most of decoding a group
/// (800 groups: 12 ms before planning could start).
struct MeetingScheduleTexts {
    private var parsed: [String: MeetingSchedule] = [:]

    mutating func schedule(_ text: String) -> MeetingSchedule? {
        if let known = parsed[text] { return known }
        guard let schedule = try? MeetingSchedule.parse(text) else { return nil }
        parsed[text] = schedule
        return schedule
    }
}

/// A row whose value holds a meeting schedule (groups and posyandus).
protocol ScheduledRosterRow {
    associatedtype Value
    func domain(schedules: inout MeetingScheduleTexts) throws -> Value
}

extension ScheduledRosterRow {
    /// One row's value, its schedule parsed on its own.
    func domain() throws -> Value {
        var schedules = MeetingScheduleTexts()
        return try domain(schedules: &schedules)
    }
}

extension GroupRow: ScheduledRosterRow {}
extension PosyanduRow: ScheduledRosterRow {}

extension Array where Element: ScheduledRosterRow {
    /// The rows' values, sharing one parse of each schedule text.
    func domains() throws -> [Element.Value] {
        var schedules = MeetingScheduleTexts()
        return try map { try $0.domain(schedules: &schedules) }
    }
}

struct GroupRow: RosterTableRow {
    static let databaseTableName = "p2k2_groups"
    static let columns = [
        "id", "name", "facilitator_id", "kelurahan", "rw", "zone", "schedule", "place", "mode", "is_pkh_akses",
        "leader_household_id",
    ]

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

    init(row: Row) {
        id = row[0]
        name = row[1]
        facilitatorId = row[2]
        kelurahan = row[3]
        rw = row[4]
        zone = row[5]
        schedule = row[6]
        place = row[7]
        mode = row[8]
        isPkhAkses = row[9]
        leaderHouseholdId = row[10]
    }

    func write<Writer: RowValueWriter>(to binder: inout Writer) {
        for value in [id, name, facilitatorId, kelurahan, rw, zone, schedule, place, mode] { binder.text(value) }
        binder.bool(isPkhAkses)
        binder.text(leaderHouseholdId)
    }

    func domain(schedules: inout MeetingScheduleTexts) throws -> Group {
        let corrupt = { (column: String) in CorruptRowError(table: Self.databaseTableName, id: id, column: column) }
        guard let zone = try? IndonesianTimeZone(parsing: zone) else { throw corrupt("zone") }
        guard let schedule = schedules.schedule(schedule) else { throw corrupt("schedule") }
        guard let mode = Group.MeetingMode(rawValue: mode) else { throw corrupt("mode") }
        return Group(
            id: id, name: name, facilitatorID: facilitatorId, kelurahan: kelurahan, rw: rw, zone: zone,
            schedule: schedule, place: place, mode: mode, isPKHAkses: isPkhAkses,
            leaderHouseholdID: leaderHouseholdId)
    }
}

struct HouseholdRow: RosterTableRow {
    static let databaseTableName = "households"
    static let columns = [
        "id", "caregiver_name", "phone", "alternate_phone", "channel", "language", "group_id", "rt", "rw", "address",
        "status", "consent",
    ]
    /// Consent is written only with a new household: an update leaves the stored one alone, so a
    /// reply recorded while an import runs is never overwritten by the import.
    static let columnsKeptOnUpdate: Set<String> = ["consent"]

    /// An import never sets consent: a stored household keeps the choice it made itself; a new
    /// one starts granted.
    static func keepStoredValues(_ new: inout HouseholdRow, from stored: HouseholdRow?) {
        new.consent = stored?.consent ?? Household.Consent.granted.rawValue
    }

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

    init(row: Row) {
        id = row[0]
        caregiverName = row[1]
        phone = row[2]
        alternatePhone = row[3]
        channel = row[4]
        language = row[5]
        groupId = row[6]
        rt = row[7]
        rw = row[8]
        address = row[9]
        status = row[10]
        consent = row[11]
    }

    func write<Writer: RowValueWriter>(to binder: inout Writer) {
        binder.text(id)
        binder.text(caregiverName)
        binder.text(phone)
        binder.text(alternatePhone)
        binder.text(channel)
        binder.text(language)
        binder.text(groupId)
        binder.text(rt)
        binder.text(rw)
        binder.text(address)
        binder.text(status)
        binder.text(consent)
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

struct MemberRow: RosterTableRow {
    static let databaseTableName = "members"
    static let columns = [
        "household_id", "name_key", "name", "relation", "sex", "birth_date", "component", "last_menstrual_period",
        "delivery_date", "school_name", "is_active",
    ]
    static let keyColumns = ["household_id", "name_key"]

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

    init(row: Row) {
        householdId = row[0]
        nameKey = row[1]
        name = row[2]
        relation = row[3]
        sex = row[4]
        birthDate = row[5]
        component = row[6]
        lastMenstrualPeriod = row[7]
        deliveryDate = row[8]
        schoolName = row[9]
        isActive = row[10]
    }

    func write<Writer: RowValueWriter>(to binder: inout Writer) {
        binder.text(householdId)
        binder.text(nameKey)
        binder.text(name)
        binder.text(relation)
        binder.text(sex)
        binder.text(birthDate)
        binder.text(component)
        binder.text(lastMenstrualPeriod)
        binder.text(deliveryDate)
        binder.text(schoolName)
        binder.bool(isActive)
    }

    func domain() throws -> Member {
        // The row's id only for an error: millions of members are read without one.
        let corrupt = { (column: String) in
            CorruptRowError(table: Self.databaseTableName, id: "\(householdId)/\(nameKey)", column: column)
        }
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
extension FacilitatorRow: Identifiable {}
extension PosyanduRow: Identifiable {}
extension GroupRow: Identifiable {}
extension HouseholdRow: Identifiable {}
