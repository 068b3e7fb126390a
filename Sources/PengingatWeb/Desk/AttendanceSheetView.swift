import PengingatCore

/// One P2K2 meeting's printable attendance sheet ("daftar hadir"): what the page and
/// `pengingat pertemuan daftar-hadir` print, read once by the desk and rendered once by
/// `PageRenderer.attendanceSheet`.
public struct AttendanceSheetView: Sendable {
    /// The most households one printed A4 page holds: the rows are sized so that this many,
    /// the sheet's heading and the facilitator's signature fit on one page.
    public static let householdsPerPage = 30

    public let meetingID: String
    public let groupID: String
    public let groupName: String
    public let kelurahan: String
    /// The meeting's day with its weekday, and its time with the zone.
    public let date: String
    public let time: String
    public let place: String
    /// The curriculum's module and the session within it; nil when the curriculum has none for this month.
    public let module: String?
    public let session: String?
    public let facilitatorID: String
    public let facilitatorName: String
    public let isMoved: Bool
    public let households: Int
    /// `householdsPerPage`, for the template: Mustache reads stored properties only.
    public let perPage = householdsPerPage
    /// The households in blocks of `householdsPerPage`, one printed page each.
    public let pages: [AttendanceSheetPage]

    public init(meeting: Meeting, group: Group, facilitator: Facilitator?, households: [Household]) {
        meetingID = meeting.id
        groupID = group.id
        groupName = group.name
        kelurahan = group.kelurahan
        date = meeting.start.date.indonesianTextWithWeekday
        time = "\(meeting.start.time) \(meeting.zone.abbreviation.rawValue)"
        place = meeting.place
        module = meeting.session?.module
        session = meeting.session.map { "Sesi \($0.number): \($0.title)" }
        facilitatorID = group.facilitatorID
        facilitatorName = facilitator?.name ?? group.facilitatorID
        isMoved = meeting.status == .moved
        self.households = households.count
        let rows = households.enumerated().map { index, household in
            AttendanceSheetRow(number: index + 1, id: household.id, name: household.caregiverName,
                               isLeader: household.id == group.leaderHouseholdID)
        }
        let blocks = Self.blocks(rows)
        pages = blocks.enumerated().map { index, rows in
            AttendanceSheetPage(number: index + 1, count: blocks.count, rows: rows, isLast: index == blocks.count - 1)
        }
    }

    /// `items` cut into runs of `householdsPerPage`, in order; one (empty) block when there are
    /// none, so an empty group still prints a sheet with its heading and signature line.
    public static func blocks<Item>(_ items: [Item], size: Int = householdsPerPage) -> [[Item]] {
        guard !items.isEmpty else { return [[]] }
        return stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}

/// One printed page of a sheet: a block of households in its own table.
public struct AttendanceSheetPage: Sendable {
    public let number: Int
    public let count: Int
    public let rows: [AttendanceSheetRow]
    /// The last page carries the facilitator's signature; every other one ends with a page break.
    public let isLast: Bool
}

/// One household's line: its number on the sheet, the caregiver, the KPM id, whether it leads the group.
public struct AttendanceSheetRow: Sendable {
    public let number: Int
    public let id: String
    public let name: String
    public let isLeader: Bool
}
