import Foundation
import GRDB
import PengingatCore

extension SQLiteStore: RosterStore {
    public func directory() async throws -> RosterDirectory {
        try await read { db in
            var directory = RosterDirectory()
            directory.facilitatorIDs = Set(try String.fetchAll(db, sql: "SELECT id FROM facilitators"))
            for row in try Row.fetchAll(db, sql: "SELECT id, facilitator_id FROM p2k2_groups") {
                directory.groupFacilitator[row["id"]] = row["facilitator_id"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, group_id, status FROM households") {
                let id: String = row["id"]
                directory.householdGroup[id] = row["group_id"]
                if row["status"] == Household.Status.active.rawValue { directory.activeHouseholdIDs.insert(id) }
            }
            return directory
        }
    }

    public func apply(_ update: RosterUpdate) async throws -> RosterChangeSummary {
        try await write { db in
            var applier = RosterApplier()
            try applier.apply(update, db)
            return try applier.finish(db)
        }
    }

    /// The parts are written as they come, inside one write transaction, so storing overlaps
    /// the import's checking of what comes next. GRDB runs the transaction on its writer's own
    /// queue, which waits there for each part (`PartHandOff`); the cooperative pool never blocks.
    public func apply(parts: AsyncThrowingStream<RosterUpdate, any Error>) async throws -> RosterChangeSummary {
        let handOff = PartHandOff()
        async let summary = write { db in
            var applier = RosterApplier()
            while let part = try handOff.next() { try applier.apply(part, db) }
            return try applier.finish(db)
        }
        do {
            for try await part in parts { handOff.send(part) }
            // A stream also ends when this task is cancelled: that must not commit half an import.
            try Task.checkCancellation()
            handOff.finish(throwing: nil)
        } catch {
            handOff.finish(throwing: error)
        }
        do {
            return try await summary
        } catch {
            // The parts' own error (an import given up) rolled the transaction back: it is not the store's.
            if let failure = handOff.producerFailure { throw failure }
            throw error
        }
    }

    /// One import applied part by part: what each kind of row does (`save`), members compared
    /// with the stored members of their household, and at the end what the whole import decides
    /// (households no longer listed, members no longer on a complete list).
    struct RosterApplier {
        private var summary = RosterChangeSummary()
        /// Stored members of the households seen so far; each one the import lists is taken out,
        /// so what remains of a complete list is what the import no longer lists. (Keys are
        /// unique within an import: RosterBatch's ledger refuses a repeated one.)
        private var unlisted: [Household.ID: [String: MemberRow]] = [:]
        private var fetchedHouseholds: Set<Household.ID> = []
        private var complete: Set<Household.ID> = []
        private var deactivate: Set<Household.ID> = []

        mutating func apply(_ part: RosterUpdate, _ db: Database) throws {
            try SQLiteStore.save(part.facilitators.map(FacilitatorRow.init), counting: &summary.facilitators, db)
            try SQLiteStore.save(part.posyandus.map(PosyanduRow.init), counting: &summary.posyandus, db)
            try SQLiteStore.save(part.groups.map(GroupRow.init), counting: &summary.groups, db)
            try SQLiteStore.save(part.households.map(HouseholdRow.init), counting: &summary.households, db)
            complete.formUnion(part.householdsWithCompleteMembers)
            deactivate.formUnion(part.householdsToDeactivate)
            guard !part.members.isEmpty else { return }
            try fetchStoredMembers(of: SQLiteStore.householdIDs(of: part.members), db)
            let upsert = try BulkStatement(db, sql: MemberRow.upsertSQL)
            for member in part.members {
                let new = MemberRow(member)
                let old = unlisted.isEmpty ? nil : unlisted[new.householdId]?.removeValue(forKey: new.nameKey)
                if summary.members.count(new: new, old: old) {
                    try upsert.execute(new.bind)
                }
            }
        }

        mutating func finish(_ db: Database) throws -> RosterChangeSummary {
            let retire = try db.cachedStatement(sql: "UPDATE households SET status = ? WHERE id = ? AND status = ?")
            for id in deactivate.sorted() {
                try retire.execute(arguments: [Household.Status.inactive.rawValue, id, Household.Status.active.rawValue])
                summary.households.retired += db.changesCount
            }
            try fetchStoredMembers(of: complete, db)
            if !unlisted.isEmpty {
                let retireMember = try db.cachedStatement(sql: "UPDATE members SET is_active = 0 WHERE household_id = ? AND name_key = ?")
                for householdID in complete.sorted() {
                    for (nameKey, member) in (unlisted[householdID] ?? [:]).sorted(by: { $0.key < $1.key }) where member.isActive {
                        try retireMember.execute(arguments: [householdID, nameKey])
                        summary.members.retired += 1
                    }
                }
            }
            return summary
        }

        private mutating func fetchStoredMembers(of households: Set<Household.ID>, _ db: Database) throws {
            let unseen = households.subtracting(fetchedHouseholds)
            guard !unseen.isEmpty else { return }
            fetchedHouseholds.formUnion(unseen)
            for member in try SQLiteStore.fetch(MemberRow.self, where: "household_id", in: unseen, db) {
                unlisted[member.householdId, default: [:]][member.nameKey] = member
            }
        }
    }

    /// Writes the rows that are new or differ from the stored ones, counting each kind; stored
    /// rows are read in one statement, not one per row. Ids are unique within an update
    /// (RosterBatch's ledger).
    fileprivate static func save<Row: RosterTableRow>(
        _ rows: [Row], counting counts: inout RosterChangeSummary.Counts, _ db: Database
    ) throws where Row: Identifiable, Row.ID == String {
        guard !rows.isEmpty else { return }
        var stored: [String: Row] = [:]
        for row in try fetch(Row.self, where: "id", in: Set(rows.map(\.id)), db) { stored[row.id] = row }
        let upsert = try BulkStatement(db, sql: Row.upsertSQL)
        for var new in rows {
            let old = stored.isEmpty ? nil : stored.removeValue(forKey: new.id)
            Row.keepStoredValues(&new, from: old)
            if counts.count(new: new, old: old) {
                try upsert.execute(new.bind)
            }
        }
    }

    /// The households members belong to. Members come grouped by household, so consecutive
    /// repeats are skipped before hashing.
    fileprivate static func householdIDs(of members: [Member]) -> Set<Household.ID> {
        var ids = Set<Household.ID>()
        var previous: Household.ID?
        for member in members where member.householdID != previous {
            ids.insert(member.householdID)
            previous = member.householdID
        }
        return ids
    }

    /// The stored rows whose `column` is one of `values`, in one statement (the values travel as
    /// one JSON array, so the statement is the same whatever their number).
    fileprivate static func fetch<Row: RosterTableRow>(
        _: Row.Type, where column: String, in values: Set<String>, _ db: Database
    ) throws -> [Row] {
        guard !values.isEmpty else { return [] }
        let list = JSONText.array(values)
        return try Row.fetchAll(db, sql: """
            SELECT \(Row.columns.joined(separator: ", ")) FROM \(Row.databaseTableName)
            WHERE \(column) IN (SELECT value FROM json_each(?))
            """, arguments: [list])
    }

    public func facilitators() async throws -> [Facilitator] {
        try await read { db in
            try FacilitatorRow.order(Column("id")).fetchAll(db).map { try $0.domain() }
        }
    }

    public func groups(in scope: AccessScope) async throws -> [Group] {
        try await read { db in
            try GroupRow.all().visible(in: scope).order(Column("id")).fetchAll(db).domains()
        }
    }

    public func group(id: Group.ID, in scope: AccessScope) async throws -> Group? {
        try await read { db in
            try GroupRow.filter(key: id).visible(in: scope).fetchOne(db).map { try $0.domain() }
        }
    }

    public func households(in scope: AccessScope, groupID: Group.ID?) async throws -> [Household] {
        try await read { db in
            if let groupID { return try Self.households(db, ofGroup: groupID, in: scope) }
            return try HouseholdRow.all().visible(in: scope).order(Column("id")).fetchAll(db).map { try $0.domain() }
        }
    }

    /// One group's households, by id: the planner reads each group in turn, so one statement,
    /// prepared once per connection. Ordered here, not by SQLite: the group's index does not
    /// hold the id, and a temporary b-tree for a couple of dozen rows cost more than sorting them.
    static func households(_ db: Database, ofGroup groupID: Group.ID, in scope: AccessScope) throws -> [Household] {
        let statement = try db.cachedStatement(sql: """
            SELECT \(HouseholdRow.columns.joined(separator: ", ")) FROM households
            WHERE group_id = ?\(groupVisibility(scope))
            """)
        return try HouseholdRow.fetchAll(statement, arguments: groupArguments(groupID, scope)).map { try $0.domain() }
            .sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    }

    public func households(in scope: AccessScope, matching filter: HouseholdFilter, after: Household.ID?, limit: Int) async throws
        -> [Household] {
        try await read { db in
            var request = HouseholdRow.all().visible(in: scope)
            if let groupID = filter.groupID { request = request.filter(Column("group_id") == groupID) }
            if let status = filter.status { request = request.filter(Column("status") == status.rawValue) }
            if let consent = filter.consent { request = request.filter(Column("consent") == consent.rawValue) }
            // SQLite's LIKE ignores the case of ASCII letters, as PostgreSQL's ILIKE does.
            if let pattern = filter.namePattern {
                request = request.filter(sql: "caregiver_name LIKE ? ESCAPE '\\'", arguments: [pattern])
            }
            if let after { request = request.filter(Column("id") > after) }
            return try request.order(Column("id")).limit(limit).fetchAll(db).map { try $0.domain() }
        }
    }

    public func householdNames(ids: Set<Household.ID>) async throws -> [Household.ID: String] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var names: [Household.ID: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, caregiver_name FROM households WHERE id IN (SELECT value FROM json_each(?))
                """, arguments: [JSONText.array(ids)])
            while let row = try rows.next() { names[row[0]] = row[1] }
            return names
        }
    }

    public func activeHouseholdCounts(in scope: AccessScope) async throws -> [Group.ID: Int] {
        try await read { db in
            var sql = "SELECT h.group_id, COUNT(*) FROM households h WHERE h.status = ?"
            var arguments: StatementArguments = [Household.Status.active.rawValue]
            if case .facilitator(let id) = scope {
                sql += " AND h.group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
                arguments += [id]
            }
            var counts: [Group.ID: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: sql + " GROUP BY h.group_id", arguments: arguments)
            while let row = try rows.next() { counts[row[0]] = row[1] }
            return counts
        }
    }

    public func household(id: Household.ID, in scope: AccessScope) async throws -> Household? {
        try await read { db in
            try HouseholdRow.filter(key: id).visible(in: scope).fetchOne(db).map { try $0.domain() }
        }
    }

    public func members(ofHousehold id: Household.ID, in scope: AccessScope) async throws -> [Member] {
        try await read { db in
            guard try HouseholdRow.filter(key: id).visible(in: scope).fetchCount(db) > 0 else { return [] }
            return try MemberOrder.members(of: MemberRow.filter(Column("household_id") == id).fetchAll(db))
        }
    }

    public func members(ofGroup groupID: Group.ID, in scope: AccessScope) async throws -> [Member] {
        try await read { db in try Self.members(db, ofGroup: groupID, in: scope) }
    }

    /// One group's members in `MemberOrder`. The rows come through the group's index and the
    /// members' key and are put in order in Swift: an ORDER BY made SQLite build two temporary
    /// b-trees per group (the household list and the sort), a third of the planner's read.
    static func members(_ db: Database, ofGroup groupID: Group.ID, in scope: AccessScope) throws -> [Member] {
        let statement = try db.cachedStatement(sql: """
            SELECT \(MemberRow.columns.map { "m." + $0 }.joined(separator: ", "))
            FROM households h JOIN members m ON m.household_id = h.id
            WHERE h.group_id = ?\(groupVisibility(scope))
            """)
        var members: [Member] = []
        var keys: [String] = []
        let cursor = try MemberRow.fetchCursor(statement, arguments: groupArguments(groupID, scope))
        while let row = try cursor.next() {
            keys.append(row.nameKey)
            members.append(try row.domain())
        }
        return MemberOrder.sorted(members, nameKeys: keys)
    }

    /// The condition a group's rows add for a facilitator's scope (the group must be theirs);
    /// its argument follows the group's in `groupArguments`.
    static func groupVisibility(_ scope: AccessScope) -> String {
        switch scope {
        case .everything: ""
        case .facilitator: " AND group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)"
        }
    }

    static func groupArguments(_ groupID: Group.ID, _ scope: AccessScope) -> StatementArguments {
        switch scope {
        case .everything: [groupID]
        case .facilitator(let id): [groupID, id]
        }
    }

    public func sharedPhones() async throws -> Set<PhoneNumber> {
        try await read { db in
            let phones = try String.fetchAll(db, sql: RosterIndexes.sharedPhonesSQL)
            return Set(phones.compactMap(PhoneNumber.init(e164:)))
        }
    }

    public func posyandus() async throws -> [Posyandu] {
        try await read { db in
            try PosyanduRow.order(Column("id")).fetchAll(db).domains()
        }
    }
}

extension SQLiteStore {
    public func recordConsent(_ consent: Household.Consent, householdID: Household.ID) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE households SET consent = ? WHERE id = ?", arguments: [consent.rawValue, householdID])
            return db.changesCount > 0
        }
    }
}

extension QueryInterfaceRequest<GroupRow> {
    func visible(in scope: AccessScope) -> Self {
        switch scope {
        case .everything: self
        case .facilitator(let id): filter(Column("facilitator_id") == id)
        }
    }
}

extension QueryInterfaceRequest<HouseholdRow> {
    /// Scoping lives in the query: a facilitator's request can only ever match their own groups' households.
    func visible(in scope: AccessScope) -> Self {
        switch scope {
        case .everything:
            self
        case .facilitator(let id):
            filter(sql: "group_id IN (SELECT id FROM p2k2_groups WHERE facilitator_id = ?)", arguments: [id])
        }
    }
}
