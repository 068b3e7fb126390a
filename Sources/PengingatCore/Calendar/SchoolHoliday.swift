/// A school holiday between semesters ("libur semester"): no school-attendance check falls in it.
public struct SchoolHoliday: Hashable, Sendable {
    public let first: CalendarDate
    public let last: CalendarDate
    public let name: String

    public init(first: CalendarDate, last: CalendarDate, name: String) {
        self.first = first
        self.last = last
        self.name = name
    }
}
