/// The meetings of a group, computed from its rule, the holidays, the curriculum and the
/// changes made by hand. Pure: the same inputs always give the same meetings.
public struct MeetingCalendar: Sendable {
    public let holidays: HolidayCalendar
    public let curriculum: Curriculum
    /// PKH-akses groups meet every this many months (months counted from January).
    public let pkhAksesIntervalMonths: Int

    public init(holidays: HolidayCalendar, curriculum: Curriculum, pkhAksesIntervalMonths: Int = 3) {
        self.holidays = holidays
        self.curriculum = curriculum
        self.pkhAksesIntervalMonths = max(1, pkhAksesIntervalMonths)
    }

    /// Meetings whose start (after changes) falls in `first...last`, cancelled ones included.
    public func meetings(
        of group: Group, from first: CalendarDate, through last: CalendarDate, changes: [String: MeetingChange]
    ) -> [Meeting] {
        // A move can carry a meeting a few weeks from its month: look one month either side.
        var (year, month) = Self.addMonths(first.year, first.month, -1)
        let (endYear, endMonth) = Self.addMonths(last.year, last.month, 1)
        var heldBefore = heldMeetings(of: group, before: (year, month), changes: changes)
        var result: [Meeting] = []
        while (year, month) <= (endYear, endMonth) {
            if let meeting = meeting(of: group, year: year, month: month, heldBefore: heldBefore, change: changes[Meeting.id(groupID: group.id, year: year, month: month)]) {
                if meeting.status != .cancelled { heldBefore += 1 }
                if meeting.start.date >= first, meeting.start.date <= last { result.append(meeting) }
            }
            (year, month) = Self.addMonths(year, month, 1)
        }
        return result.sorted { $0.start < $1.start }
    }

    /// The group's meeting in one month, or nil when a PKH-akses group does not meet that month.
    public func meeting(of group: Group, year: Int, month: Int, changes: [String: MeetingChange]) -> Meeting? {
        meeting(of: group, year: year, month: month, heldBefore: heldMeetings(of: group, before: (year, month), changes: changes),
                change: changes[Meeting.id(groupID: group.id, year: year, month: month)])
    }

    private func meeting(of group: Group, year: Int, month: Int, heldBefore: Int, change: MeetingChange?) -> Meeting? {
        guard meetsIn(group, month: month), let ruleDate = group.schedule.day.date(inYear: year, month: month) else {
            return nil
        }
        let workingDate = holidays.workingDay(from: ruleDate)
        var shiftedFrom: (CalendarDate, String)?
        if workingDate != ruleDate {
            shiftedFrom = (ruleDate, holidays.holiday(on: ruleDate)?.name ?? ruleDate.weekday.indonesianName)
        }
        let ruleStart = LocalDateTime(date: workingDate, time: group.schedule.time)
        let status: Meeting.Status = change?.cancelled == true ? .cancelled
            : (change?.newStart != nil || change?.newPlace != nil) ? .moved : .scheduled
        let counted = Self.monthIndex(year, month) >= Self.monthIndex(curriculum.startYear, curriculum.startMonth)
        return Meeting(
            groupID: group.id, year: year, month: month, start: change?.newStart ?? ruleStart, zone: group.zone,
            place: change?.newPlace ?? group.place, mode: group.mode, status: status, ruleStart: ruleStart,
            shiftedFrom: shiftedFrom, session: counted ? curriculum.session(forMeetingIndex: heldBefore) : nil)
    }

    private func meetsIn(_ group: Group, month: Int) -> Bool {
        !group.isPKHAkses || (month - 1) % pkhAksesIntervalMonths == 0
    }

    /// Meetings held (not cancelled) from the curriculum's start up to, not including, a month.
    private func heldMeetings(of group: Group, before limit: (Int, Int), changes: [String: MeetingChange]) -> Int {
        var count = 0
        var (year, month) = (curriculum.startYear, curriculum.startMonth)
        while (year, month) < limit {
            if meetsIn(group, month: month), changes[Meeting.id(groupID: group.id, year: year, month: month)]?.cancelled != true {
                count += 1
            }
            (year, month) = Self.addMonths(year, month, 1)
        }
        return count
    }

    static func monthIndex(_ year: Int, _ month: Int) -> Int { year * 12 + month - 1 }

    static func addMonths(_ year: Int, _ month: Int, _ count: Int) -> (Int, Int) {
        let index = monthIndex(year, month) + count
        return (index / 12, index % 12 + 1)
    }
}
