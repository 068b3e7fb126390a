import Foundation

/// The one place the system's clock is read. Everything else takes a `now` closure (or an
/// instant) from its caller, so tests, `kirim --pada` and `layani --pada` run every part on
/// the same, injected time.
public enum SystemClock {
    public static let now: @Sendable () -> Date = { Date() }
}
