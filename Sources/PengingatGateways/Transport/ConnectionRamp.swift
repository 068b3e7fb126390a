/// How many connections to one host curl may hold at a time: a few at first, then one more for
/// each new connection that has answered, up to the configured limit.
///
/// A cold transport asked for 64 sends at once opened 64 connections at once, and a gateway's
/// queue of connections waiting to be accepted is short: Kannel's smsbox listens with a backlog
/// of 10, the kernel dropped the connects beyond it, and their retries came a second later
/// (BENCHMARKS.md, dispatch). Growing only on new connections' first answers opens connections
/// in waves no larger than the first, each after the one before was accepted. Each host has a
/// ramp of its own (`HostAdmission`).
///
/// After a pause (`restart()`) the ramp starts from eight again, as the server may have closed
/// the idle connections; answers on connections that are still open then take it back up to
/// what it had reached, one an answer, without opening any: were they to count for nothing, a
/// transport whose connections outlived the pause would stay at eight for good.
struct ConnectionRamp {
    /// Connections to one host before any has answered.
    static let initial = 8

    let limit: Int
    private(set) var allowed: Int
    /// The most the allowance reached: about as many connections may still be open.
    private var reached: Int

    init(limit: Int) {
        self.limit = max(1, limit)
        allowed = min(self.limit, Self.initial)
        reached = allowed
    }

    /// A transfer got its answer: the allowance may grow by one.
    mutating func answered(onNewConnection: Bool) {
        guard allowed < limit, onNewConnection || allowed < reached else { return }
        allowed += 1
        reached = max(reached, allowed)
    }

    /// The host was idle: from eight again, open connections still counting on their answers.
    mutating func restart() {
        allowed = min(limit, Self.initial)
    }
}
