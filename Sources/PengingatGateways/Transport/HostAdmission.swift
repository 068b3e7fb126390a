/// Which transfers may start now, host by host: no more in flight to a host than its
/// `ConnectionRamp` allows, the rest waiting here in the order they came.
///
/// curl's own limit (`CURLMOPT_MAX_HOST_CONNECTIONS`) is one number for every host, so one
/// transport that had grown on a fast gateway let a cold one be opened all at once: the bench's
/// Kannel row paid the dropped connects although the ramp was there (BENCHMARKS.md, dispatch).
/// Holding transfers back here gives every host a ramp of its own; with no more transfers in
/// flight to a host than its allowance, curl never needs more connections to it than that.
///
/// A host left idle for `idleReset` starts its ramp again (`ConnectionRamp.restart()`): by then
/// the server may well have closed the idle connections (Apache's default keep-alive is 5 s), and
/// a burst after the pause would open them all at once. Times are monotonic nanoseconds, given
/// by the caller.
struct HostAdmission<Item> {
    private struct Host {
        var ramp: ConnectionRamp
        var inFlight = 0
        var waiting: [Item] = []
        /// Index of the first waiting item: taking from the front does not move the rest.
        var head = 0
        /// When the last transfer ended with nothing waiting; nil while busy.
        var idleSince: UInt64?

        var waitingCount: Int { waiting.count - head }
    }

    let limit: Int
    let idleReset: UInt64
    private var hosts: [String: Host] = [:]

    init(limit: Int, idleResetNanoseconds: UInt64) {
        self.limit = limit
        idleReset = idleResetNanoseconds
    }

    /// `item` to start now, or nil when it waits behind the host's allowance.
    mutating func admit(_ item: Item, host key: String, now: UInt64) -> Item? {
        let (limit, idleReset) = (limit, idleReset)
        // In place (the dictionary's modify accessor): a copy of the host would copy its queue.
        return Self.admit(item, to: &hosts[key, default: Host(ramp: ConnectionRamp(limit: limit))], now: now, idleReset: idleReset)
    }

    private static func admit(_ item: Item, to host: inout Host, now: UInt64, idleReset: UInt64) -> Item? {
        if let idleSince = host.idleSince, now &- idleSince > idleReset {
            host.ramp.restart()
        }
        host.idleSince = nil
        guard host.inFlight < host.ramp.allowed else {
            host.waiting.append(item)
            return nil
        }
        host.inFlight += 1
        return item
    }

    /// How a transfer left curl.
    enum Ending {
        case answered(onNewConnection: Bool)
        /// Failed or cancelled: says nothing about the server's room for connections.
        case unanswered
    }

    /// A transfer to `host` ended; the waiting items that may start now, in order. Answers may
    /// raise the host's allowance (`ConnectionRamp.answered(onNewConnection:)`).
    mutating func finished(host key: String, _ ending: Ending, now: UInt64) -> [Item] {
        guard hosts[key] != nil else { return [] }
        return Self.finished(&hosts[key]!, ending, now: now)
    }

    private static func finished(_ host: inout Host, _ ending: Ending, now: UInt64) -> [Item] {
        host.inFlight -= 1
        if case .answered(let onNewConnection) = ending { host.ramp.answered(onNewConnection: onNewConnection) }
        var ready: [Item] = []
        while host.inFlight < host.ramp.allowed, host.head < host.waiting.count {
            ready.append(host.waiting[host.head])
            host.head += 1
            host.inFlight += 1
        }
        if host.head == host.waiting.count {
            host.waiting.removeAll(keepingCapacity: true)
            host.head = 0
        }
        if host.inFlight == 0 { host.idleSince = now }
        return ready
    }

    /// Takes out the first waiting item that matches (its caller gave up before it started).
    mutating func removeWaiting(where matches: (Item) -> Bool) -> Item? {
        for key in Array(hosts.keys) {
            let head = hosts[key]!.head
            guard let index = hosts[key]!.waiting[head...].firstIndex(where: matches) else { continue }
            return hosts[key]!.waiting.remove(at: index)
        }
        return nil
    }

    /// Every waiting item, taken out (the transport is shutting down).
    mutating func removeAllWaiting() -> [Item] {
        var all: [Item] = []
        for key in Array(hosts.keys) {
            all.append(contentsOf: hosts[key]!.waiting[hosts[key]!.head...])
            hosts[key]!.waiting.removeAll()
            hosts[key]!.head = 0
        }
        return all
    }

    /// Items waiting for any host.
    var waitingCount: Int { hosts.values.reduce(0) { $0 + $1.waitingCount } }

    /// Transfers the host may have in flight now.
    func allowed(host key: String) -> Int { hosts[key]?.ramp.allowed ?? ConnectionRamp(limit: limit).allowed }
}
