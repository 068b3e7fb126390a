import Foundation

/// A provider's Unix time in seconds (Kannel's `ts=%T`, WhatsApp's `timestamp`).
public enum UnixTime {
    /// Nil unless it is a finite number from 1970 to the end of 9999. The stores keep whole
    /// seconds and reply ids whole milliseconds, and turning an infinite or enormous number into
    /// an integer stops the process (`ts=1e300` did): such a time is as good as missing, so the
    /// caller takes the time of arrival instead.
    public static func date(_ text: some StringProtocol) -> Date? {
        guard let seconds = TimeInterval(text), (0...253_402_300_799).contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
