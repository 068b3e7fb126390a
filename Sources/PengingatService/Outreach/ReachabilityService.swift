import Foundation
import Logging
import PengingatCore
import PengingatStore
import PengingatTemplates

/// Judges, from how recent messages ended, which households their phone no longer reaches.
/// A household that becomes unreachable gets its messages through its ketua kelompok (the
/// `RecipientResolver` reads the judgement) and a home-visit task for its facilitator; one
/// whose phone works again (a delivery report, a reply) goes back to its own phone.
public struct ReachabilityService: Sendable {
    let store: any PengingatStore
    let rules: ReachabilityRules
    let logger: Logger

    public init(store: any PengingatStore, rules: ReachabilityRules = ReachabilityRules(), logger: Logger) {
        self.store = store
        self.rules = rules
        self.logger = logger
    }

    public struct Changes: Sendable {
        public var becameUnreachable: [HouseholdReachability] = []
        public var reachableAgain: [Household.ID] = []
        public var tasksAdded = 0
    }

    /// Judges every active household again; with `record: false` only says what would change.
    public func refresh(now: Date, record: Bool = true) async throws -> Changes {
        let outcomes = try await store.phoneOutcomes(since: now.addingTimeInterval(-rules.window))
        let known = try await store.unreachableHouseholds()
        let groups = Dictionary(uniqueKeysWithValues: try await store.groups(in: .everything).map { ($0.id, $0) })
        var changes = Changes()
        var tasks: [FacilitatorTask] = []
        var attendanceCache: [Group.ID: [String: [AttendanceRecord]]] = [:]
        for household in try await store.households(in: .everything, groupID: nil) {
            guard household.status == .active, household.consent == .granted, let phone = household.phone else {
                if known[household.id] != nil { changes.reachableAgain.append(household.id) }
                continue
            }
            let previous = known[household.id]
            switch rules.verdict(outcomes[phone] ?? [], now: now) {
            case .reachable:
                if previous != nil { changes.reachableAgain.append(household.id) }
            case .unreachable(let misses, let since):
                // Already known on the same number: nothing new to say.
                if let previous, previous.phone == phone { continue }
                guard let group = groups[household.groupID] else { continue }
                if attendanceCache[group.id] == nil { attendanceCache[group.id] = try await store.attendanceHistory(groupID: group.id) }
                let attendance = Self.attendanceNote(household.id, history: attendanceCache[group.id] ?? [:])
                let date = MessageWording(language: .indonesian).date(LocalDateTime(since, in: group.zone).date)
                let reason = "\(misses) pesan terakhir ke \(phone.masked) tidak sampai (sejak \(date))" + (attendance.map { "; \($0)" } ?? "")
                let judgement = HouseholdReachability(householdID: household.id, phone: phone, reachable: false, reason: reason, since: now)
                changes.becameUnreachable.append(judgement)
                tasks.append(FacilitatorTask(
                    key: "kunjungan-tak-terjangkau/\(household.id)/\(LocalDateTime(now, in: group.zone).date)", kind: .homeVisit,
                    facilitatorID: group.facilitatorID, householdID: household.id, due: LocalDateTime(now, in: group.zone).date,
                    reason: "HP tidak bisa dihubungi: \(reason). Pastikan nomornya; sementara pesan dititipkan lewat ketua kelompok"))
            }
        }
        guard record else { return changes }
        try await store.recordReachability(unreachable: changes.becameUnreachable, reachableAgain: Set(changes.reachableAgain))
        changes.tasksAdded = try await store.commitTasks(tasks)
        if !changes.becameUnreachable.isEmpty || !changes.reachableAgain.isEmpty {
            logger.info("reachability changed", metadata: [
                "reachability.unreachable": "\(changes.becameUnreachable.count)", "reachability.reachable_again": "\(changes.reachableAgain.count)",
            ])
        }
        return changes
    }

    /// "tidak hadir 2 pertemuan terakhir" or "terakhir hadir P2K2 KLP-01/2026-11": whether the
    /// facilitator can still meet the household at its group.
    static func attendanceNote(_ householdID: Household.ID, history: [String: [AttendanceRecord]]) -> String? {
        let statuses = history.keys.sorted().compactMap { meeting in
            history[meeting]?.first { $0.householdID == householdID }.map { (meeting, $0.status) }
        }
        guard let last = statuses.last else { return nil }
        if last.1 == .present { return "masih hadir P2K2 (\(last.0))" }
        let missed = statuses.reversed().prefix { $0.1 != .present }.count
        return "tidak hadir \(missed) pertemuan P2K2 terakhir"
    }
}
