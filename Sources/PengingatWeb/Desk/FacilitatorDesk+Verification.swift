import PengingatCore
import PengingatService
import PengingatStore

extension FacilitatorDesk {
    /// The month a group's verification page opens on: the month just ended during the first
    /// ten days of a month (when facilitators collect last month's records), else this month.
    func defaultVerificationMonth(zone: IndonesianTimeZone) -> CalendarMonth {
        let today = LocalDateTime(now(), in: zone).date
        return today.day <= 10 ? CalendarMonth(today).adding(months: -1) : CalendarMonth(today)
    }

    public func verification(groupID: Group.ID, month: CalendarMonth?, for account: Account) async throws -> VerificationView {
        guard let group = try await store.group(id: groupID, in: account.scope) else {
            throw DeskError(.notFound("Kelompok \(groupID)"))
        }
        let current = CalendarMonth(LocalDateTime(now(), in: group.zone).date)
        let month = month ?? defaultVerificationMonth(zone: group.zone)
        guard month <= current else { throw VerificationError(.futureMonth(month.description)) }
        let sheet = try await verification.sheet(groupID: group.id, month: month, in: account.scope)
        return VerificationView(sheet: sheet, currentMonth: current, groupPath: FacilitatorSite.pathSafe(group.id))
    }

    public func recordVerification(
        groupID: Group.ID, month: CalendarMonth, entries: [VerificationService.Entry], by account: Account
    ) async throws -> VerificationResultView {
        guard try await store.group(id: groupID, in: account.scope) != nil else {
            throw DeskError(.notFound("Kelompok \(groupID)"))
        }
        let outcome = try await verification.record(
            groupID: groupID, month: month, entries: entries, recordedBy: account.id, now: now())
        try await audit(account, "verification.record", "\(groupID)/\(month)",
                        "memenuhi \(outcome.met), tidak memenuhi \(outcome.notMet), izin \(outcome.excused)")
        return VerificationResultView(
            met: outcome.met, notMet: outcome.notMet, excused: outcome.excused,
            followUps: outcome.followUps.inserted + outcome.followUps.updated, homeVisits: outcome.tasksAdded,
            remindersWithdrawn: outcome.plan.withdrawn)
    }
}
