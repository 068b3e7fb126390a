/// The `retention` section: how long delivery history (the log, and finished messages with
/// their text and phone numbers) is kept before `pengingat serve` or `pengingat bersihkan`
/// removes it.
public struct RetentionSettings: Sendable, Equatable, Decodable {
    /// Shorter than this and the monthly reports and the unreachable-number checks lose what
    /// they read.
    public static let minimumDays = 35

    public var deliveryLogDays: Int
    /// How often `pengingat serve` prunes.
    public var pruneEveryHours: Double

    public init(deliveryLogDays: Int = 365, pruneEveryHours: Double = 24) {
        self.deliveryLogDays = deliveryLogDays
        self.pruneEveryHours = pruneEveryHours
    }

    enum CodingKeys: String, CodingKey {
        case deliveryLogDays = "delivery_log_days", pruneEveryHours = "prune_every_hours"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RetentionSettings()
        deliveryLogDays = try c.decodeIfPresent(Int.self, forKey: .deliveryLogDays) ?? d.deliveryLogDays
        pruneEveryHours = try c.decodeIfPresent(Double.self, forKey: .pruneEveryHours) ?? d.pruneEveryHours
        guard deliveryLogDays >= Self.minimumDays else {
            throw DecodingError.dataCorruptedError(
                forKey: .deliveryLogDays, in: c,
                debugDescription: "retention.delivery_log_days paling sedikit \(Self.minimumDays) hari (laporan bulanan membacanya)")
        }
        guard pruneEveryHours > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .pruneEveryHours, in: c,
                                                   debugDescription: "retention.prune_every_hours harus lebih dari 0")
        }
    }
}
