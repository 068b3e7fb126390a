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
        guard !text.isEmpty, let zone = TimeZone(identifier: text) else {
            throw TimeZoneParseError(text: raw, reason: .unknown)
        }
        // Indonesia keeps no daylight saving, so the offset on any day tells the zone.
        let hours = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_767_225_600)) / 3600
        guard let abbreviation = Abbreviation.allCases.first(where: { $0.hoursAheadOfUTC == hours }) else {
            throw TimeZoneParseError(text: raw, reason: .notIndonesian)
        }
        self.init(identifier: zone.identifier, abbreviation: abbreviation)
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
