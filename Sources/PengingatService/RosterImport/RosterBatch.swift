import PengingatCore
import PengingatStore

/// Everything one import read, checked against itself and against what is already stored.
///
/// Kinds are read in dependency order (pendamping, posyandu, kelompok, kpm, anggota), so each
/// reference is checked against rows already accepted in this import or already stored.
struct RosterBatch {
    let directory: RosterDirectory
    let storedGroups: [Group.ID: Group]
    let storedPosyanduAreas: Set<AreaKey>
    let today: CalendarDate

    var issues: [ImportIssue] = []
    var facilitators = RosterLedger<Facilitator>()
    var posyandus = RosterLedger<Posyandu>()
    var groups = RosterLedger<Group>()
    var households = RosterLedger<Household>()
    var members = RosterLedger<Member>()
    /// Households with at least one rejected member row: their stored members are not retired.
    var householdsWithRejectedMembers: Set<Household.ID> = []
    /// Rows accepted per file path.
    var acceptedRows: [String: Int] = [:]
    /// Given the members settled so far, in file order, a few thousand at a time while
    /// anggota.csv is checked: a settled member never changes afterwards, so the importer can
    /// hand them to the store already.
    var membersSettled: ((ArraySlice<Member>) -> Void)?
    private var membersHandedOver = 0
    /// Households whose kpm.csv row named a group, accepted or not: the facilitators they
    /// belong to are the ones whose household list this import replaces.
    var groupsNamedByHouseholdRows: Set<Group.ID> = []
    private var pendingLeaders: [(groupID: Group.ID, leaderID: Household.ID, row: RosterRow)] = []

    struct AreaKey: Hashable, Sendable {
        let kelurahan: String
        let rw: String

        init(kelurahan: String, rw: String) {
            self.kelurahan = AdministrativeArea.kelurahanKey(kelurahan)
            self.rw = AdministrativeArea.normalizedRW(rw)
        }
    }

    init(directory: RosterDirectory, storedGroups: [Group], storedPosyandus: [Posyandu], today: CalendarDate) {
        self.directory = directory
        self.storedGroups = Dictionary(storedGroups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.storedPosyanduAreas = Set(storedPosyandus.map { AreaKey(kelurahan: $0.kelurahan, rw: $0.rw) })
        self.today = today
    }

    // MARK: - Reading rows

    mutating func read(_ file: RosterFile, progress: (Int) -> Void) {
        progress(0)
        switch file.kind {
        case .members: return readMembers(file, progress: progress)
        case .households: return readHouseholds(file, progress: progress)
        case .facilitators, .posyandus, .groups: break
        }
        for (index, record) in file.document.records.enumerated() where !record.isBlank {
            var row = file.row(record)
            Self.checkShape(of: record, in: file, row: &row)
            switch file.kind {
            case .facilitators: readFacilitator(&row)
            case .posyandus: readPosyandu(&row)
            case .groups: readGroup(&row)
            case .households, .members: break  // read in two passes, above
            }
            issues += row.issues
            if row.isAcceptable { acceptedRows[file.path, default: 0] += 1 }
            if index % 500 == 499 { progress(index + 1) }
        }
        progress(file.document.records.count)
    }

    /// Member rows, the bulk of a roster, in two passes: each row's own values are read on
    /// every core (`MemberDraft`: nothing there depends on another row), then, in file order,
    /// each is checked against the households and the members before it and settled. The
    /// issues come out in the order one pass gave them.
    private mutating func readMembers(_ file: RosterFile, progress: (Int) -> Void) {
        let records = file.document.records
        let today = today
        var drafts = ParallelMap.map(records.indices) { index -> MemberDraft? in
            records[index].isBlank ? nil : MemberDraft(records[index], in: file, today: today)
        }
        settle(&drafts, of: file, progress: progress) { batch, draft in batch.settleMember(&draft) }
        handOverSettledMembers()
    }

    private mutating func handOverSettledMembers() {
        guard let membersSettled, members.values.count > membersHandedOver else { return }
        membersSettled(members.values[membersHandedOver...])
        membersHandedOver = members.values.count
    }

    /// kpm.csv the same way as anggota.csv: each row's own values on every core, then in order.
    private mutating func readHouseholds(_ file: RosterFile, progress: (Int) -> Void) {
        let records = file.document.records
        var drafts = ParallelMap.map(records.indices) { index -> HouseholdDraft? in
            records[index].isBlank ? nil : HouseholdDraft(records[index], in: file)
        }
        settle(&drafts, of: file, progress: progress) { batch, draft in batch.settleHousehold(&draft) }
    }

    private mutating func settle<Draft: RowDraft>(
        _ drafts: inout [Draft?], of file: RosterFile, progress: (Int) -> Void, _ settle: (inout RosterBatch, inout Draft) -> Void
    ) {
        for index in drafts.indices {
            // Settled where it lies: a draft is large, and copying each out cost more than settling it.
            guard drafts[index] != nil else { continue }
            settle(&self, &drafts[index]!)
            issues += drafts[index]!.row.issues
            if drafts[index]!.row.isAcceptable { acceptedRows[file.path, default: 0] += 1 }
            if index % 500 == 499 { progress(index + 1) }
            if index % 8192 == 8191 { handOverSettledMembers() }
        }
        progress(drafts.count)
    }

    static func checkShape(of record: CSVDocument.Record, in file: RosterFile, row: inout RosterRow) {
        let expected = file.document.rawHeader.count
        // Trailing empty cells are what Excel writes after a deleted column: harmless.
        let used = (record.fields.lastIndex { !$0.isEmpty } ?? -1) + 1
        if used > expected {
            row.report(nil, ImportProblem(.tooManyFields(expected: expected, found: used)))
        }
        if file.document.endsInsideQuotes, record.line == file.document.records.last?.line {
            row.report(nil, ImportProblem(.unclosedQuote))
        }
    }

    /// Accepts or rejects a parsed row under its id, reporting a duplicate id first.
    private static func settle<Value>(
        _ row: inout RosterRow, id: String, idColumn: String, in ledger: inout RosterLedger<Value>,
        duplicate: (RowOrigin) -> ImportProblem.Kind? = { _ in nil }, make: () -> Value?
    ) {
        let origin = RowOrigin(file: row.file, line: row.line)
        if !id.isEmpty, let first = ledger.firstOrigin(of: id) {
            let kind = duplicate(first) ?? .duplicateID(id: id, firstFile: first.file, firstLine: first.line)
            row.report(idColumn, ImportProblem(kind))
            return
        }
        if row.isAcceptable, let value = make() {
            ledger.accept(value, id: id, origin: origin)
        } else {
            ledger.reject(id: id, origin: origin)
        }
    }

    private mutating func readFacilitator(_ row: inout RosterRow) {
        let id = row.required("id_pendamping")
        let name = row.required("nama")
        let phone = row.parsed("no_hp", PhoneNumber.init(parsing:))
        var email: String? = row.text("email").isEmpty ? nil : row.text("email")
        if let address = email, !Self.looksLikeEmail(address) {
            row.report("email", ImportProblem(.invalidEmail), severity: .valueIgnored)
            email = nil
        }
        Self.settle(&row, id: id, idColumn: "id_pendamping", in: &facilitators) {
            Facilitator(id: id, name: name, phone: phone, email: email)
        }
    }

    private mutating func readPosyandu(_ row: inout RosterRow) {
        let id = row.required("id_posyandu")
        let name = row.required("nama")
        let kelurahan = row.required("kelurahan")
        let rw = AdministrativeArea.normalizedRW(row.required("rw"))
        _ = row.required("jadwal")
        let schedule = row.parsed("jadwal", MeetingSchedule.parse)
        let place = row.text("lokasi")
        Self.settle(&row, id: id, idColumn: "id_posyandu", in: &posyandus) {
            schedule.map { Posyandu(id: id, name: name, kelurahan: kelurahan, rw: rw, schedule: $0, place: place) }
        }
    }

    private mutating func readGroup(_ row: inout RosterRow) {
        let id = row.required("id_kelompok")
        let name = row.required("nama_kelompok")
        let facilitatorID = row.required("id_pendamping")
        let kelurahan = row.required("kelurahan")
        let rw = AdministrativeArea.normalizedRW(row.text("rw"))
        _ = row.required("zona_waktu")
        let zone = row.parsed("zona_waktu", IndonesianTimeZone.init(parsing:))
        _ = row.required("jadwal")
        let phrase = row.parsed("jadwal", MeetingSchedule.parsePhrase)
        if let zone, let stated = phrase?.statedZone, stated != zone.abbreviation {
            row.report("jadwal", ImportProblem(.zoneConflict(stated: stated.rawValue, zone: zone.abbreviation.rawValue)))
        }
        let mode = row.choice("mode", default: Group.MeetingMode.inPerson, [
            "tatap_muka": .inPerson, "tatapmuka": .inPerson, "luring": .inPerson, "offline": .inPerson,
            "daring": .online, "online": .online,
        ])
        let isPKHAkses = row.choice("pkh_akses", default: false, [
            "ya": true, "y": true, "iya": true, "tidak": false, "t": false, "bukan": false,
        ])
        if !facilitatorID.isEmpty { checkReference(&row, column: "id_pendamping", id: facilitatorID, kind: .facilitators) }
        let leaderID = row.text("ketua_id_kpm")
        let place = row.text("lokasi")
        Self.settle(&row, id: id, idColumn: "id_kelompok", in: &groups) {
            guard let zone, let phrase else { return nil }
            return Group(
                id: id, name: name, facilitatorID: facilitatorID, kelurahan: kelurahan, rw: rw, zone: zone,
                schedule: phrase.schedule, place: place, mode: mode, isPKHAkses: isPKHAkses,
                leaderHouseholdID: nil)
        }
        if !leaderID.isEmpty, groups.isAccepted(id) {
            pendingLeaders.append((id, leaderID, row))
        }
    }

    private mutating func settleHousehold(_ draft: inout HouseholdDraft) {
        let groupID = draft.groupID
        if !groupID.isEmpty {
            groupsNamedByHouseholdRows.insert(groupID)
            checkReference(&draft.row, column: "id_kelompok", id: groupID, kind: .groups)
        }
        let group = groups.value(id: groupID) ?? storedGroups[groupID]
        let rw = draft.rwText.isEmpty ? (group?.rw ?? "") : AdministrativeArea.normalizedRW(draft.rwText)
        let household = Household(
            id: draft.id, caregiverName: draft.name, phone: draft.phone, alternatePhone: draft.alternatePhone,
            channel: draft.channel, language: draft.language, groupID: groupID, rt: draft.rt, rw: rw,
            address: draft.address, status: draft.status)
        Self.settle(&draft.row, id: draft.id, idColumn: "id_kpm", in: &households) { household }
    }

    private mutating func settleMember(_ draft: inout MemberDraft) {
        if !draft.householdID.isEmpty { checkReference(&draft.row, column: "id_kpm", id: draft.householdID, kind: .households) }
        if let component = draft.component {
            Self.checkComponent(&draft.row, component: component, birthDate: draft.birthDate, lastPeriod: draft.lastPeriod,
                                deliveryDate: draft.deliveryDate, today: today)
        }
        let (householdID, name) = (draft.householdID, draft.name)
        let member = Member(
            householdID: householdID, name: name, relation: draft.relation, sex: draft.sex, birthDate: draft.birthDate,
            component: draft.component, lastMenstrualPeriod: draft.lastPeriod, deliveryDate: draft.deliveryDate,
            schoolName: draft.schoolName)
        Self.settle(
            &draft.row, id: name.isEmpty || householdID.isEmpty ? "" : householdID + "\u{1F}" + draft.key, idColumn: "nama",
            in: &members,
            duplicate: { .duplicateMember(name: name, householdID: householdID, firstFile: $0.file, firstLine: $0.line) }
        ) { member }
        if !draft.row.isAcceptable, !householdID.isEmpty { householdsWithRejectedMembers.insert(householdID) }
    }

    /// Age and dates that do not fit the component: stored, with a warning to look at.
    private static func checkComponent(
        _ row: inout RosterRow, component: Member.Component, birthDate: CalendarDate?,
        lastPeriod: CalendarDate?, deliveryDate: CalendarDate?, today: CalendarDate
    ) {
        if let birthDate {
            let age = birthDate.age(on: today)
            let plausible: ClosedRange<Int> = switch component {
            case .earlyChildhood: 0...6
            case .primarySchool: 5...15
            case .juniorHighSchool: 11...18
            case .seniorHighSchool: 14...21
            case .elderly: 60...130
            case .pregnant, .postpartum: 10...55
            case .severeDisability: 0...130
            }
            if !plausible.contains(age) {
                row.report("tanggal_lahir", ImportProblem(.componentAgeMismatch(component: component.rawValue, age: age)),
                           severity: .warning)
            }
        }
        switch component {
        case .pregnant:
            if let lastPeriod {
                if lastPeriod.days(until: today) > 294 {
                    row.report("hpht", ImportProblem(.pregnancyPastDueDate), severity: .warning)
                }
            } else {
                row.report("hpht", ImportProblem(.missingComponentDate(component: "bumil", column: "hpht")),
                           severity: .warning)
            }
        case .postpartum where deliveryDate == nil:
            row.report("tanggal_persalinan",
                       ImportProblem(.missingComponentDate(component: "nifas", column: "tanggal_persalinan")),
                       severity: .warning)
        default:
            break
        }
    }

    /// Rejects the row when it names an id that is neither in this import nor stored.
    private func checkReference(_ row: inout RosterRow, column: String, id: String, kind: RosterFileKind) {
        let acceptedHere: Bool
        let stored: Bool
        let rejected: RowOrigin?
        switch kind {
        case .facilitators:
            (acceptedHere, stored, rejected) = (facilitators.isAccepted(id), directory.facilitatorIDs.contains(id),
                                                facilitators.rejectedOrigin(of: id))
        case .groups:
            (acceptedHere, stored, rejected) = (groups.isAccepted(id), directory.groupFacilitator[id] != nil,
                                                groups.rejectedOrigin(of: id))
        case .households:
            (acceptedHere, stored, rejected) = (households.isAccepted(id), directory.householdGroup[id] != nil,
                                                households.rejectedOrigin(of: id))
        case .posyandus, .members:
            return
        }
        guard !acceptedHere, !stored else { return }
        if let rejected {
            row.report(column, ImportProblem(.referenceRejected(noun: kind.rowNoun, id: id, file: rejected.file,
                                                                line: rejected.line)))
        } else {
            row.report(column, ImportProblem(.unknownReference(noun: kind.rowNoun, id: id, file: kind.fileName)))
        }
    }

    // MARK: - After all rows are read

    /// Sets each group's ketua once the households are known; a ketua who is not a household
    /// of that group is dropped (the group is kept).
    mutating func resolveLeaders() {
        for pending in pendingLeaders {
            let leaderGroup = households.value(id: pending.leaderID)?.groupID
                ?? (households.rejectedOrigin(of: pending.leaderID) == nil ? directory.householdGroup[pending.leaderID] : nil)
            if leaderGroup == pending.groupID {
                groups.update(id: pending.groupID) { $0.leaderHouseholdID = pending.leaderID }
            } else {
                issues.append(pending.row.issue("ketua_id_kpm", ImportProblem(.leaderNotInGroup(householdID: pending.leaderID)),
                                                severity: .valueIgnored))
            }
        }
        pendingLeaders = []
    }

    /// One warning per RW whose households have no posyandu to be reminded of.
    mutating func warnAboutAreasWithoutPosyandu() {
        let covered = storedPosyanduAreas.union(posyandus.values.map { AreaKey(kelurahan: $0.kelurahan, rw: $0.rw) })
        var warned: Set<AreaKey> = []
        // Households of one group share few RWs: each (group, RW) is normalised once.
        var areas: [String: AreaKey] = [:]
        for household in households.values where household.status == .active {
            let memo = household.groupID + "\u{1F}" + household.rw
            let area: AreaKey
            if let known = areas[memo] {
                area = known
            } else {
                guard let group = groups.value(id: household.groupID) ?? storedGroups[household.groupID] else { continue }
                area = AreaKey(kelurahan: group.kelurahan, rw: household.rw)
                areas[memo] = area
            }
            guard !covered.contains(area), warned.insert(area).inserted,
                  let group = groups.value(id: household.groupID) ?? storedGroups[household.groupID],
                  let origin = households.firstOrigin(of: household.id)
            else { continue }
            issues.append(ImportIssue(
                file: origin.file, line: origin.line, column: "rw", value: household.rw, severity: .warning,
                error: ImportProblem(.noPosyanduForRW(kelurahan: group.kelurahan, rw: household.rw))))
        }
    }

    /// The stored households a full kpm.csv no longer lists. Only the facilitators whose groups
    /// the file covers are affected, so one facilitator's file never retires another's households.
    func householdsMissingFromFullImport() -> Set<Household.ID> {
        var groupFacilitator = directory.groupFacilitator
        for group in groups.values { groupFacilitator[group.id] = group.facilitatorID }
        let coveredFacilitators = Set(groupsNamedByHouseholdRows.compactMap { groupFacilitator[$0] })
        guard !coveredFacilitators.isEmpty else { return [] }
        let seen = households.seenIDs
        return Set(directory.activeHouseholdIDs.filter { id in
            guard !seen.contains(id), let groupID = directory.householdGroup[id],
                  let facilitator = groupFacilitator[groupID]
            else { return false }
            return coveredFacilitators.contains(facilitator)
        })
    }

    /// Households whose member rows all landed: their member list in this import is complete.
    var householdsWithCompleteMembers: Set<Household.ID> {
        Set(members.values.map(\.householdID)).subtracting(householdsWithRejectedMembers)
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
    }
}
