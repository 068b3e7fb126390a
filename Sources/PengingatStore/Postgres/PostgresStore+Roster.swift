import PengingatCore
import PostgresNIO

/// The roster on PostgreSQL, row for row what `SQLiteStore` does: the same row structs decide
/// what counts as changed and how stored text reads back (`RosterRows.swift`).
///
/// Text is ordered with `COLLATE "C"`, byte by byte as SQLite's BINARY collation does, so
/// every list comes back in the same order whatever the database's own collation.
extension PostgresStore: RosterStore {
    public func directory() async throws -> RosterDirectory {
        try await read { connection in
            var directory = RosterDirectory()
            for try await id in try await connection.query("SELECT id FROM facilitators", logger: logger).decode(String.self) {
                directory.facilitatorIDs.insert(id)
            }
            for try await (id, facilitatorID) in try await connection.query(
                "SELECT id, facilitator_id FROM p2k2_groups", logger: logger
            ).decode((String, String).self) {
                directory.groupFacilitator[id] = facilitatorID
            }
            for try await (id, groupID, status) in try await connection.query(
                "SELECT id, group_id, status FROM households", logger: logger
            ).decode((String, String, String).self) {
                directory.householdGroup[id] = groupID
                if status == Household.Status.active.rawValue { directory.activeHouseholdIDs.insert(id) }
            }
            return directory
        }
    }

    public func apply(_ update: RosterUpdate) async throws -> RosterChangeSummary {
        try await write { connection in
            // SQLite lets one writer in at a time; imports take turns here too, so each compares
            // against what the one before it left and its counts stay exact.
            try await connection.query("SELECT pg_advisory_xact_lock(7246102)", logger: logger)
            var summary = RosterChangeSummary()
            try await save(update.facilitators.map { FacilitatorRow($0) }, counting: &summary.facilitators, on: connection)
            try await save(update.posyandus.map { PosyanduRow($0) }, counting: &summary.posyandus, on: connection)
            try await save(update.groups.map { GroupRow($0) }, counting: &summary.groups, on: connection)
            try await save(update.households.map { HouseholdRow($0) }, counting: &summary.households, on: connection)
            if !update.householdsToDeactivate.isEmpty {
                summary.households.retired += try await changedRowCount("""
                    UPDATE households SET status = \(Household.Status.inactive.rawValue)
                    WHERE id = ANY(\(Array(update.householdsToDeactivate))) AND status = \(Household.Status.active.rawValue)
                    RETURNING 1
                    """, on: connection)
            }

            let members = update.members.map { MemberRow($0) }
            let storedMembers = try await membersByHousehold(Array(Set(members.map(\.householdId))), on: connection)
            var changedMembers = JSONRowsWriter(columns: MemberRow.columns)
            for new in members where summary.members.count(new: new, old: storedMembers[new.householdId]?[new.nameKey]) {
                changedMembers.add { new.write(to: &$0) }
            }
            try await upsert(MemberRow.self, changedMembers, on: connection)
            if !update.householdsWithCompleteMembers.isEmpty {
                // One statement for every complete list: a member stays active only if its own household's list names it.
                summary.members.retired += try await changedRowCount("""
                    UPDATE members SET is_active = FALSE
                    WHERE household_id = ANY(\(Array(update.householdsWithCompleteMembers))) AND is_active
                        AND NOT EXISTS (
                            SELECT 1 FROM unnest(\(members.map(\.householdId))::text[], \(members.map(\.nameKey))::text[])
                                AS listed (household_id, name_key)
                            WHERE listed.household_id = members.household_id AND listed.name_key = members.name_key)
                    RETURNING 1
                    """, on: connection)
            }
            return summary
        }
    }

    public func facilitators() async throws -> [Facilitator] {
        try await read { connection in
            try await fetch(FacilitatorRow.self, """
                SELECT \(unescaped: FacilitatorRow.selection("f")) FROM facilitators f ORDER BY f.id COLLATE "C"
                """, on: connection).map { try $0.domain() }
        }
    }

    public func groups(in scope: AccessScope) async throws -> [Group] {
        try await read { connection in
            try await fetch(GroupRow.self, """
                SELECT \(unescaped: GroupRow.selection("g")) FROM p2k2_groups g
                WHERE \(visibleIn: scope)
                ORDER BY g.id COLLATE "C"
                """, on: connection).domains()
        }
    }

    public func group(id: Group.ID, in scope: AccessScope) async throws -> Group? {
        try await read { connection in
            try await fetch(GroupRow.self, """
                SELECT \(unescaped: GroupRow.selection("g")) FROM p2k2_groups g
                WHERE g.id = \(id) AND \(visibleIn: scope)
                """, on: connection).first.map { try $0.domain() }
        }
    }

    public func households(in scope: AccessScope, groupID: Group.ID?) async throws -> [Household] {
        try await read { connection in
            try await fetch(HouseholdRow.self, """
                SELECT \(unescaped: HouseholdRow.selection("h")) FROM households h JOIN p2k2_groups g ON g.id = h.group_id
                WHERE \(visibleIn: scope) AND \(householdGroupIs: groupID)
                ORDER BY h.id COLLATE "C"
                """, on: connection).map { try $0.domain() }
        }
    }

    public func households(in scope: AccessScope, matching filter: HouseholdFilter, after: Household.ID?, limit: Int) async throws
        -> [Household] {
        try await read { connection in
            try await fetch(HouseholdRow.self, """
                SELECT \(unescaped: HouseholdRow.selection("h")) FROM households h JOIN p2k2_groups g ON g.id = h.group_id
                WHERE \(visibleIn: scope) AND \(householdGroupIs: filter.groupID)
                  AND (\(filter.status?.rawValue)::text IS NULL OR h.status = \(filter.status?.rawValue))
                  AND (\(filter.consent?.rawValue)::text IS NULL OR h.consent = \(filter.consent?.rawValue))
                  AND (\(filter.namePattern)::text IS NULL OR h.caregiver_name ILIKE \(filter.namePattern) ESCAPE '\\')
                  AND (\(after)::text IS NULL OR h.id COLLATE "C" > \(after))
                ORDER BY h.id COLLATE "C" LIMIT \(limit)
                """, on: connection).map { try $0.domain() }
        }
    }

    public func householdNames(ids: Set<Household.ID>) async throws -> [Household.ID: String] {
        guard !ids.isEmpty else { return [:] }
        return try await read { connection in
            var names: [Household.ID: String] = [:]
            for try await (id, name) in try await connection.query(
                "SELECT id, caregiver_name FROM households WHERE id = ANY(\(Array(ids)))", logger: logger
            ).decode((String, String).self) {
                names[id] = name
            }
            return names
        }
    }

    public func activeHouseholdCounts(in scope: AccessScope) async throws -> [Group.ID: Int] {
        let facilitator: String? = if case .facilitator(let id) = scope { id } else { nil }
        return try await read { connection in
            var counts: [Group.ID: Int] = [:]
            for try await (group, count) in try await connection.query("""
                SELECT h.group_id, COUNT(*) FROM households h WHERE h.status = \(Household.Status.active.rawValue)
                  AND (\(facilitator)::text IS NULL OR h.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = \(facilitator)))
                GROUP BY h.group_id
                """, logger: logger).decode((String, Int).self) {
                counts[group] = count
            }
            return counts
        }
    }

    public func household(id: Household.ID, in scope: AccessScope) async throws -> Household? {
        try await read { connection in
            try await fetch(HouseholdRow.self, """
                SELECT \(unescaped: HouseholdRow.selection("h")) FROM households h JOIN p2k2_groups g ON g.id = h.group_id
                WHERE h.id = \(id) AND \(visibleIn: scope)
                """, on: connection).first.map { try $0.domain() }
        }
    }

    public func members(ofHousehold id: Household.ID, in scope: AccessScope) async throws -> [Member] {
        try await read { connection in
            try MemberOrder.members(of: try await fetch(MemberRow.self, """
                SELECT \(unescaped: MemberRow.selection("m")) FROM members m
                JOIN households h ON h.id = m.household_id JOIN p2k2_groups g ON g.id = h.group_id
                WHERE m.household_id = \(id) AND \(visibleIn: scope)
                """, on: connection))
        }
    }

    public func members(ofGroup groupID: Group.ID, in scope: AccessScope) async throws -> [Member] {
        try await read { connection in
            try MemberOrder.members(of: try await fetch(MemberRow.self, """
                SELECT \(unescaped: MemberRow.selection("m")) FROM members m
                JOIN households h ON h.id = m.household_id JOIN p2k2_groups g ON g.id = h.group_id
                WHERE h.group_id = \(groupID) AND \(visibleIn: scope)
                """, on: connection))
        }
    }

    public func sharedPhones() async throws -> Set<PhoneNumber> {
        try await read { connection in
            var phones = Set<PhoneNumber>()
            let query = PostgresQuery(unsafeSQL: RosterIndexes.sharedPhonesSQL)
            for try await text in try await connection.query(query, logger: logger).decode(String.self) {
                if let phone = PhoneNumber(e164: text) { phones.insert(phone) }
            }
            return phones
        }
    }

    public func posyandus() async throws -> [Posyandu] {
        try await read { connection in
            try await fetch(PosyanduRow.self, """
                SELECT \(unescaped: PosyanduRow.selection("p")) FROM posyandus p ORDER BY p.id COLLATE "C"
                """, on: connection).domains()
        }
    }

    public func recordConsent(_ consent: Household.Consent, householdID: Household.ID) async throws -> Bool {
        try await write { connection in
            try await changedRowCount(
                "UPDATE households SET consent = \(consent.rawValue) WHERE id = \(householdID) RETURNING 1", on: connection) > 0
        }
    }
}

extension PostgresStore {
    private func fetch<Row: PostgresRosterRow>(
        _: Row.Type, _ query: PostgresQuery, on connection: PostgresConnection
    ) async throws -> [Row] {
        var rows: [Row] = []
        for try await row in try await connection.query(query, logger: logger) {
            rows.append(try Row(row))
        }
        return rows
    }

    /// Writes the rows that are new or differ from the stored ones, counting each kind: stored
    /// rows read in one statement, changed ones written in one. Ids are unique within an update
    /// (RosterBatch's ledger), as `SQLiteStore.save` also assumes.
    private func save<Row: IdentifiedRosterRow>(
        _ rows: [Row], counting counts: inout RosterChangeSummary.Counts, on connection: PostgresConnection
    ) async throws {
        guard !rows.isEmpty else { return }
        var stored: [String: Row] = [:]
        for row in try await fetch(Row.self, """
            SELECT \(unescaped: Row.selection("t")) FROM \(unescaped: Row.databaseTableName) t
            WHERE t.id = ANY(\(rows.map(\.id)))
            """, on: connection) {
            stored[row.id] = row
        }
        var changed = JSONRowsWriter(columns: Row.columns)
        for var new in rows {
            let old = stored[new.id]
            Row.keepStoredValues(&new, from: old)
            if counts.count(new: new, old: old) { changed.add { new.write(to: &$0) } }
        }
        try await upsert(Row.self, changed, on: connection)
    }

    /// One statement for all the rows: the same `ON CONFLICT` clause as SQLite's upsert.
    private func upsert<Row: RosterTableRow>(_: Row.Type, _ rows: JSONRowsWriter, on connection: PostgresConnection) async throws {
        guard rows.rowCount > 0 else { return }
        let columns = Row.columns.joined(separator: ", ")
        try await connection.query("""
            INSERT INTO \(unescaped: Row.databaseTableName) (\(unescaped: columns))
            SELECT \(unescaped: columns) FROM json_populate_recordset(NULL::\(unescaped: Row.databaseTableName), \(rows.text)::json)
            \(unescaped: Row.onConflictUpdate)
            """, logger: logger)
    }

    /// Stored members by household, then by name key.
    private func membersByHousehold(
        _ householdIDs: [Household.ID], on connection: PostgresConnection
    ) async throws -> [Household.ID: [String: MemberRow]] {
        guard !householdIDs.isEmpty else { return [:] }
        var members: [Household.ID: [String: MemberRow]] = [:]
        for member in try await fetch(MemberRow.self, """
            SELECT \(unescaped: MemberRow.selection("m")) FROM members m WHERE m.household_id = ANY(\(householdIDs))
            """, on: connection) {
            members[member.householdId, default: [:]][member.nameKey] = member
        }
        return members
    }

    /// postgres-nio reports no count of affected rows: the statement returns one row per
    /// change (`RETURNING 1`) and those are counted.
    private func changedRowCount(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Int {
        var count = 0
        for try await _ in try await connection.query(query, logger: logger) { count += 1 }
        return count
    }
}

extension PostgresQuery.StringInterpolation {
    /// Scoping lives in the query: a facilitator's request can only ever match their own groups.
    /// The query names `p2k2_groups` as `g`.
    fileprivate mutating func appendInterpolation(visibleIn scope: AccessScope) {
        switch scope {
        case .everything:
            appendInterpolation(unescaped: "TRUE")
        case .facilitator(let id):
            appendInterpolation(unescaped: "g.facilitator_id = ")
            appendInterpolation(id)
        }
    }

    /// Narrows households (named `h`) to one group, or not at all when no group is given.
    fileprivate mutating func appendInterpolation(householdGroupIs groupID: Group.ID?) {
        if let groupID {
            appendInterpolation(unescaped: "h.group_id = ")
            appendInterpolation(groupID)
        } else {
            appendInterpolation(unescaped: "TRUE")
        }
    }
}

/// A roster row as PostgreSQL hands it over and takes it back.
private protocol PostgresRosterRow: RosterTableRow {
    init(_ row: PostgresRow) throws
}

extension PostgresRosterRow {
    static func selection(_ alias: String) -> String {
        columns.map { "\(alias).\($0)" }.joined(separator: ", ")
    }
}

/// A roster row whose key is one text column, `id`.
private protocol IdentifiedRosterRow: PostgresRosterRow {
    var id: String { get }
}

extension FacilitatorRow: IdentifiedRosterRow {
    fileprivate init(_ row: PostgresRow) throws {
        let (id, name, phone, email) = try row.decode((String, String, String?, String?).self)
        self.id = id
        self.name = name
        self.phone = phone
        self.email = email
    }

}

extension PosyanduRow: IdentifiedRosterRow {
    fileprivate init(_ row: PostgresRow) throws {
        let (id, name, kelurahan, kelurahanKey, rw, schedule, place) = try row.decode(
            (String, String, String, String, String, String, String).self)
        self.id = id
        self.name = name
        self.kelurahan = kelurahan
        self.kelurahanKey = kelurahanKey
        self.rw = rw
        self.schedule = schedule
        self.place = place
    }

}

extension GroupRow: IdentifiedRosterRow {
    fileprivate init(_ row: PostgresRow) throws {
        let (id, name, facilitatorId, kelurahan, rw, zone, schedule, place, mode, isPkhAkses, leaderHouseholdId) =
            try row.decode((String, String, String, String, String, String, String, String, String, Bool, String?).self)
        self.id = id
        self.name = name
        self.facilitatorId = facilitatorId
        self.kelurahan = kelurahan
        self.rw = rw
        self.zone = zone
        self.schedule = schedule
        self.place = place
        self.mode = mode
        self.isPkhAkses = isPkhAkses
        self.leaderHouseholdId = leaderHouseholdId
    }

}

extension HouseholdRow {
    /// The household columns and their decoding, for queries outside the roster (replies).
    static func columnList(_ alias: String) -> String { selection(alias) }
    static func decoding(_ row: PostgresRow) throws -> HouseholdRow { try HouseholdRow(row) }
}

extension HouseholdRow: IdentifiedRosterRow {
    fileprivate init(_ row: PostgresRow) throws {
        let (id, caregiverName, phone, alternatePhone, channel, language, groupId, rt, rw, address, status, consent) =
            try row.decode(
                (String, String, String?, String?, String, String, String, String, String, String, String, String).self)
        self.id = id
        self.caregiverName = caregiverName
        self.phone = phone
        self.alternatePhone = alternatePhone
        self.channel = channel
        self.language = language
        self.groupId = groupId
        self.rt = rt
        self.rw = rw
        self.address = address
        self.status = status
        self.consent = consent
    }

}

extension MemberRow: PostgresRosterRow {
    fileprivate init(_ row: PostgresRow) throws {
        let (
            householdId, nameKey, name, relation, sex, birthDate, component, lastMenstrualPeriod, deliveryDate, schoolName,
            isActive
        ) = try row.decode(
            (String, String, String, String, String?, String?, String?, String?, String?, String, Bool).self)
        self.householdId = householdId
        self.nameKey = nameKey
        self.name = name
        self.relation = relation
        self.sex = sex
        self.birthDate = birthDate
        self.component = component
        self.lastMenstrualPeriod = lastMenstrualPeriod
        self.deliveryDate = deliveryDate
        self.schoolName = schoolName
        self.isActive = isActive
    }

}
