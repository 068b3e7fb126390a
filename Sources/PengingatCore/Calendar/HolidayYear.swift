/// How far the holidays of one year can be trusted: from the published decree, or an estimate.
public struct HolidayYear: Hashable, Sendable {
    public let year: Int
    public let isOfficial: Bool
    /// Where the dates come from ("SKB 3 Menteri No. …"), for the operator who checks them.
    public let source: String

    public init(year: Int, isOfficial: Bool, source: String) {
        self.year = year
        self.isOfficial = isOfficial
        self.source = source
    }
}
