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
        for (index, record) in file.document.records.enumerated() where !record.isBlank {
            var row = file.row(record)
            checkShape(of: record, in: file, row: &row)
            switch file.kind {
            case .facilitators: readFacilitator(&row)
            case .posyandus: readPosyandu(&row)
            case .groups: readGroup(&row)
            case .households: readHousehold(&row)
            case .members: readMember(&row)
            }
            issues += row.issues
            if row.isAcceptable { acceptedRows[file.path, default: 0] += 1 }
            if index % 500 == 499 { progress(index + 1) }
        }
        progress(file.document.records.count)
    }

    private func checkShape(of record: CSVDocument.Record, in file: RosterFile, row: inout RosterRow) {
        let expected = file.document.rawHeader.count
        // Trailing empty cells are what Excel writes after a deleted column: harmless.
        let used = (record.fields.lastIndex { !$0.trimmingWhitespace().isEmpty } ?? -1) + 1
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

    private mutating func readHousehold(_ row: inout RosterRow) {
        let id = row.required("id_kpm")
        let name = row.required("nama_pengurus")
        let phone = row.parsed("no_hp", PhoneNumber.init(parsing:))
        var alternatePhone = row.parsed("no_hp_lain", PhoneNumber.init(parsing:))
        if let alternate = alternatePhone, alternate == phone {
            row.report("no_hp_lain", ImportProblem(.sameAsMainPhone), severity: .valueIgnored)
            alternatePhone = nil
        }
        let channel = row.choice("kanal", default: Household.Channel.sms, [
            "sms": .sms, "whatsapp": .whatsapp, "wa": .whatsapp, "whats_app": .whatsapp,
        ])
        let language = row.choice("bahasa", default: Household.Language.indonesian, [
            "id": .indonesian, "indonesia": .indonesian, "bahasa_indonesia": .indonesian,
            "su": .sundanese, "sunda": .sundanese, "bahasa_sunda": .sundanese,
            "jv": .javanese, "jawa": .javanese, "bahasa_jawa": .javanese,
        ])
        let status = row.choice("status", default: Household.Status.active, [
            "aktif": .active, "nonaktif": .inactive, "non_aktif": .inactive, "tidak_aktif": .inactive,
        ])
        let groupID = row.required("id_kelompok")
        if !groupID.isEmpty {
            groupsNamedByHouseholdRows.insert(groupID)
            checkReference(&row, column: "id_kelompok", id: groupID, kind: .groups)
        }
        let group = groups.value(id: groupID) ?? storedGroups[groupID]
        let rwText = row.text("rw")
        let rw = rwText.isEmpty ? (group?.rw ?? "") : AdministrativeArea.normalizedRW(rwText)
        let rt = AdministrativeArea.normalizedRT(row.text("rt"))
        let address = row.text("alamat")
        Self.settle(&row, id: id, idColumn: "id_kpm", in: &households) {
            Household(
                id: id, caregiverName: name, phone: phone, alternatePhone: alternatePhone, channel: channel,
                language: language, groupID: groupID, rt: rt, rw: rw, address: address, status: status)
        }
    }

    private mutating func readMember(_ row: inout RosterRow) {
        let householdID = row.required("id_kpm")
        let name = row.required("nama")
        let relation = row.text("hubungan")
        let sex: Member.Sex? = row.text("jenis_kelamin").isEmpty ? nil : row.choice("jenis_kelamin", default: nil, [
            "l": .male, "lk": .male, "laki_laki": .male, "pria": .male,
            "p": .female, "pr": .female, "perempuan": .female, "wanita": .female,
        ])
        let componentWords = Dictionary(uniqueKeysWithValues: Member.Component.allCases.map { ($0.rawValue, Optional($0)) })
            .merging(["ibu_hamil": .pregnant, "anak_usia_dini": .earlyChildhood, "aud": .earlyChildhood,
                      "balita": .earlyChildhood, "ibu_nifas": .postpartum, "lanjut_usia": .elderly,
                      "disabilitas": .severeDisability]) { first, _ in first }
        let component: Member.Component? = row.choice("komponen", default: nil, componentWords)
        let birthDate = row.pastDate("tanggal_lahir", today: today)
        let lastPeriod = row.pastDate("hpht", today: today)
        let deliveryDate = row.pastDate("tanggal_persalinan", today: today)
        let schoolName = row.text("nama_sekolah")
        if !householdID.isEmpty { checkReference(&row, column: "id_kpm", id: householdID, kind: .households) }

        if let component {
            checkComponent(&row, component: component, birthDate: birthDate, lastPeriod: lastPeriod,
                           deliveryDate: deliveryDate)
        }
        let key = householdID + "\u{1F}" + Member.key(forName: name)
        Self.settle(
            &row, id: name.isEmpty || householdID.isEmpty ? "" : key, idColumn: "nama", in: &members,
            duplicate: { .duplicateMember(name: name, householdID: householdID, firstFile: $0.file, firstLine: $0.line) }
        ) {
            Member(
                householdID: householdID, name: name, relation: relation, sex: sex, birthDate: birthDate,
                component: component, lastMenstrualPeriod: lastPeriod, deliveryDate: deliveryDate,
                schoolName: schoolName)
        }
        if !row.isAcceptable, !householdID.isEmpty { householdsWithRejectedMembers.insert(householdID) }
    }

    /// Age and dates that do not fit the component: stored, with a warning to look at.
    private func checkComponent(
        _ row: inout RosterRow, component: Member.Component, birthDate: CalendarDate?,
        lastPeriod: CalendarDate?, deliveryDate: CalendarDate?
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
                                                facilitators.rejectedIDs[id])
        case .groups:
            (acceptedHere, stored, rejected) = (groups.isAccepted(id), directory.groupFacilitator[id] != nil,
                                                groups.rejectedIDs[id])
        case .households:
            (acceptedHere, stored, rejected) = (households.isAccepted(id), directory.householdGroup[id] != nil,
                                                households.rejectedIDs[id])
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
                ?? (households.rejectedIDs[pending.leaderID] == nil ? directory.householdGroup[pending.leaderID] : nil)
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
        for household in households.values where household.status == .active {
            guard let group = groups.value(id: household.groupID) ?? storedGroups[household.groupID] else { continue }
            let area = AreaKey(kelurahan: group.kelurahan, rw: household.rw)
            guard !covered.contains(area), warned.insert(area).inserted,
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
