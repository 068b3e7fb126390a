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
            var summary = RosterChangeSummary()
            for facilitator in update.facilitators {
                let new = FacilitatorRow(facilitator)
                if summary.facilitators.count(new: new, old: try FacilitatorRow.fetchOne(db, key: new.id)) {
                    try new.save(db)
                }
            }
            for posyandu in update.posyandus {
                let new = PosyanduRow(posyandu)
                if summary.posyandus.count(new: new, old: try PosyanduRow.fetchOne(db, key: new.id)) {
                    try new.save(db)
                }
            }
            for group in update.groups {
                let new = GroupRow(group)
                if summary.groups.count(new: new, old: try GroupRow.fetchOne(db, key: new.id)) {
                    try new.save(db)
                }
            }
            for household in update.households {
                var new = HouseholdRow(household)
                let old = try HouseholdRow.fetchOne(db, key: new.id)
                new.consent = old?.consent ?? Household.Consent.granted.rawValue
                if summary.households.count(new: new, old: old) { try new.save(db) }
            }
            for id in update.householdsToDeactivate.sorted() {
                try db.execute(
                    sql: "UPDATE households SET status = ? WHERE id = ? AND status = ?",
                    arguments: [Household.Status.inactive.rawValue, id, Household.Status.active.rawValue])
                summary.households.retired += db.changesCount
            }

            var listed: [String: Set<String>] = [:]
            for member in update.members {
                let new = MemberRow(member)
                listed[new.householdId, default: []].insert(new.nameKey)
                let old = try MemberRow.fetchOne(db, key: ["household_id": new.householdId, "name_key": new.nameKey])
                if summary.members.count(new: new, old: old) { try new.save(db) }
            }
            for householdID in update.householdsWithCompleteMembers.sorted() {
                let keep = listed[householdID] ?? []
                let active = try String.fetchAll(
                    db, sql: "SELECT name_key FROM members WHERE household_id = ? AND is_active",
                    arguments: [householdID])
                for nameKey in active where !keep.contains(nameKey) {
                    try db.execute(
                        sql: "UPDATE members SET is_active = 0 WHERE household_id = ? AND name_key = ?",
                        arguments: [householdID, nameKey])
                    summary.members.retired += 1
                }
            }
            return summary
        }
    }

    public func facilitators() async throws -> [Facilitator] {
        try await read { db in
            try FacilitatorRow.order(Column("id")).fetchAll(db).map { try $0.domain() }
        }
    }

    public func groups(in scope: AccessScope) async throws -> [Group] {
        try await read { db in
            try GroupRow.all().visible(in: scope).order(Column("id")).fetchAll(db).map { try $0.domain() }
        }
    }

    public func households(in scope: AccessScope, groupID: Group.ID?) async throws -> [Household] {
        try await read { db in
            var request = HouseholdRow.all().visible(in: scope)
            if let groupID { request = request.filter(Column("group_id") == groupID) }
            return try request.order(Column("id")).fetchAll(db).map { try $0.domain() }
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
            return try MemberRow
                .filter(Column("household_id") == id)
                .order(Column("is_active").desc, Column("name_key"))
                .fetchAll(db)
                .map { try $0.domain() }
        }
    }

    public func members(ofGroup groupID: Group.ID, in scope: AccessScope) async throws -> [Member] {
        try await read { db in
            let households = HouseholdRow.all().visible(in: scope).filter(Column("group_id") == groupID).select(Column("id"))
            return try MemberRow
                .filter(households.contains(Column("household_id")))
                .order(Column("household_id"), Column("is_active").desc, Column("name_key"))
                .fetchAll(db)
                .map { try $0.domain() }
        }
    }

    public func sharedPhones() async throws -> Set<PhoneNumber> {
        try await read { db in
            let phones = try String.fetchAll(db, sql: """
                SELECT phone FROM households WHERE phone IS NOT NULL AND status = ?
                GROUP BY phone HAVING COUNT(*) > 1
                """, arguments: [Household.Status.active.rawValue])
            return Set(phones.compactMap(PhoneNumber.init(e164:)))
        }
    }

    public func posyandus() async throws -> [Posyandu] {
        try await read { db in
            try PosyanduRow.order(Column("id")).fetchAll(db).map { try $0.domain() }
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
