/// Where templates come from and how messages are checked; the `templates` section of the
/// configuration file.
public struct TemplateSettings: Sendable, Equatable, Codable {
    /// The shipped catalogue, `Templates/` in the repository or installation.
    public var directory: String
    /// An operator's own folder (same layout: `id/<kind>.mustache`, `su/…`) whose files replace
    /// the shipped ones kind by kind, read at start-up: no rebuild needed.
    public var overrideDirectory: String?
    /// A reminder that needs more SMS than this with typical values fails `templates check`.
    public var maxReminderSegments: Int
    /// Map curly quotes, long dashes, ellipsis and no-break spaces to GSM characters before sending.
    public var mapTypography: Bool

    public init(
        directory: String = "Templates", overrideDirectory: String? = nil, maxReminderSegments: Int = 1,
        mapTypography: Bool = true
    ) {
        self.directory = directory
        self.overrideDirectory = overrideDirectory
        self.maxReminderSegments = maxReminderSegments
        self.mapTypography = mapTypography
    }

    enum CodingKeys: String, CodingKey {
        case directory = "dir"
        case overrideDirectory = "override_dir"
        case maxReminderSegments = "max_reminder_segments"
        case mapTypography = "map_typography"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TemplateSettings()
        directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? defaults.directory
        overrideDirectory = try container.decodeIfPresent(String.self, forKey: .overrideDirectory)
        maxReminderSegments = try container.decodeIfPresent(Int.self, forKey: .maxReminderSegments)
            ?? defaults.maxReminderSegments
        mapTypography = try container.decodeIfPresent(Bool.self, forKey: .mapTypography) ?? defaults.mapTypography
    }
}
