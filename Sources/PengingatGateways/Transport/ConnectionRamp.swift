/// How many connections to one host curl may hold at a time: a few at first, then one more for
/// each new connection that has answered, up to the configured limit.
///
/// A cold transport asked for 64 sends at once opened 64 connections at once, and a gateway's
/// queue of connections waiting to be accepted is short: Kannel's smsbox listens with a backlog
/// of 10, the kernel dropped the connects beyond it, and their retries came a second later
/// (BENCHMARKS.md, dispatch). Growing only on new connections' first answers opens connections
/// in waves no larger than the first, each after the one before was accepted. The allowance is
/// one for every host, as curl's per-host limit is one setting: connections that answered on one
/// host raise it for the others too.
struct ConnectionRamp {
    /// Connections to one host before any has answered.
    static let initial = 8

    let limit: Int
    private(set) var allowed: Int

    init(limit: Int) {
        self.limit = max(1, limit)
        allowed = min(self.limit, Self.initial)
    }

    /// A transfer got its answer; returns the new allowance when it grew.
    mutating func answered(onNewConnection: Bool) -> Int? {
        guard onNewConnection, allowed < limit else { return nil }
        allowed += 1
        return allowed
    }
}
