import Foundation

/// One of Indonesia's three zones, kept with the IANA name the operator chose
/// (Asia/Pontianak and Asia/Jakarta are both WIB).
public struct IndonesianTimeZone: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Abbreviation: String, Sendable, Codable, CaseIterable {
        case wib = "WIB", wita = "WITA", wit = "WIT"

        public var hoursAheadOfUTC: Int {
            switch self {
            case .wib: 7
            case .wita: 8
            case .wit: 9
            }
        }

        public var defaultIdentifier: String {
            switch self {
            case .wib: "Asia/Jakarta"
            case .wita: "Asia/Makassar"
            case .wit: "Asia/Jayapura"
            }
        }
    }

    /// IANA identifier, e.g. `Asia/Makassar`.
    public let identifier: String
    /// What a message says after the time: "pukul 09.00 WITA".
    public let abbreviation: Abbreviation

    public static let wib = IndonesianTimeZone(abbreviation: .wib)
    public static let wita = IndonesianTimeZone(abbreviation: .wita)
    public static let wit = IndonesianTimeZone(abbreviation: .wit)

    public init(abbreviation: Abbreviation) {
        self.init(identifier: abbreviation.defaultIdentifier, abbreviation: abbreviation)
    }

    private init(identifier: String, abbreviation: Abbreviation) {
        self.identifier = identifier
        self.abbreviation = abbreviation
    }

    /// Reads `WIB`, `WITA`, `WIT` (any case) or an IANA name whose offset is one of the three.
    public init(parsing raw: String) throws(TimeZoneParseError) {
        let text = raw.trimmingWhitespace()
        if let abbreviation = Abbreviation(rawValue: text.uppercased()) {
            self.init(abbreviation: abbreviation)
            return
        }
        guard !text.isEmpty, Self.isWellFormedOffsetName(text), let zone = TimeZone(identifier: text) else {
            throw TimeZoneParseError(text: raw, reason: .unknown)
        }
        // Indonesia keeps no daylight saving, so the offset on any day tells the zone. Compared in
        // seconds, not whole hours: "GMT+07:30" is no WIB, and taking it for one would put every
        // reminder of the group half an hour off the time its message states.
        let seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_767_225_600))
        guard let abbreviation = Abbreviation.allCases.first(where: { $0.hoursAheadOfUTC * 3600 == seconds }) else {
            throw TimeZoneParseError(text: raw, reason: .notIndonesian)
        }
        self.init(identifier: zone.identifier, abbreviation: abbreviation)
    }

    /// Whether a name that starts like an offset ("GMT+7", "UTC+08:00") is a well-formed one; other
    /// names pass. Foundation (swift-foundation, Swift 6.3) stops the process on some malformed
    /// offsets instead of returning nil ("GMT+07:*0", "UTC-07:+0"), and a roster file's
    /// `zona_waktu` is whatever someone typed: only well-formed offsets may reach it.
    private static func isWellFormedOffsetName(_ text: String) -> Bool {
        let upper = text.uppercased()
        guard upper.hasPrefix("GMT") || upper.hasPrefix("UTC") else { return true }
        let rest = Array(text.utf8.dropFirst(3))
        guard let sign = rest.first else { return true }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        // H, HH, HMM, HHMM, H:MM or HH:MM.
        let parts = rest.dropFirst().split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (1...4).contains(parts[0].count) && parts[0].allSatisfy(isDigit)
        case 2: return (1...2).contains(parts[0].count) && parts[1].count == 2 && (parts[0] + parts[1]).allSatisfy(isDigit)
        default: return false
        }
    }

    /// The Foundation zone, for turning a wall-clock time into an instant.
    public var timeZone: TimeZone {
        TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: abbreviation.hoursAheadOfUTC * 3600)!
    }

    public var description: String { identifier }
}

public struct TimeZoneParseError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable { case unknown, notIndonesian }
    public let text: String
    public let reason: Reason

    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    public var code: String { reason == .unknown ? "ZW01" : "ZW02" }

    public var explanation: String {
        switch reason {
        case .unknown: "Zona waktu \"\(text)\" tidak dikenal."
        case .notIndonesian: "Zona waktu \"\(text)\" bukan zona waktu Indonesia."
        }
    }

    public var remedy: String { "Tulis WIB, WITA atau WIT." }
}
