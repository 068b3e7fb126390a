import CCurl
import Dispatch
import Foundation
import Logging
import Synchronization

/// What the callers of a `CurlTransport` and its curl thread share: the queue of
/// submissions, the cancellation requests, the shut-down flag, and the multi handle (which
/// other threads touch only through `curl_multi_wakeup`).
///
/// The curl thread's closure holds this object, not the `CurlTransport`, so the transport
/// can be released (and its `deinit` shut the thread down) while the thread runs.
final class CurlTransportCore: Sendable {
    private struct State {
        /// Submitted, not yet taken by the curl thread.
        var queue: [CurlSubmission] = []
        /// Taken by the curl thread and not yet finished.
        var inFlight: Set<UInt64> = []
        /// Ids whose callers were cancelled while their transfer was in flight.
        var cancellations: [UInt64] = []
        var isShutDown = false
        /// False once the curl thread is about to call `curl_multi_cleanup`.
        var multiAlive = true
        var loopThread: ObjectIdentifier?
    }

    let configuration: CurlTransportConfiguration
    let logger: Logger

    /// The CURLM handle. Invariant that makes sharing it safe: every call on it is made by
    /// the curl thread, except `curl_multi_wakeup` (documented as callable from any
    /// thread), which other threads make only while holding `state`'s lock and only
    /// while `multiAlive` is true; the curl thread clears `multiAlive` under that lock
    /// before it calls `curl_multi_cleanup`.
    nonisolated(unsafe) let multi: UnsafeMutableRawPointer

    private let state = Mutex(State())
    /// Apart from `state`: every send takes an id, and the lock is what the curl thread and
    /// every sender contend for.
    private let nextID = Atomic<UInt64>(1)
    /// Submissions the curl thread holds back for their host's allowance (written by it alone).
    private let waiting = Atomic<Int>(0)
    /// Signalled once when the curl thread has cleaned up and is about to end.
    private let exited = DispatchSemaphore(value: 0)

    init(configuration: CurlTransportConfiguration, logger: Logger) throws(CurlError) {
        guard let multi = curl_multi_init() else {
            throw CurlError(code: CurlError.raw(CURLE_OUT_OF_MEMORY), detail: "curl_multi_init failed")
        }
        // A backstop: the curl thread keeps each host within its ramp (`HostAdmission`) itself.
        _ = pengingat_curl_multi_setopt_long(
            multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, configuration.maxConnectionsPerHost))
        _ = pengingat_curl_multi_setopt_long(
            multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, configuration.maxTotalConnections))
        _ = pengingat_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, configuration.maxTotalConnections))
        self.multi = multi
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: - Callers' side

    func makeID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Queues a submission and wakes the curl thread, or fails it at once when the
    /// transport is shut down or the calling task is already cancelled.
    func submit(_ submission: CurlSubmission) {
        let refusal: CurlError? = state.withLock { state in
            if state.isShutDown { return .shutDown }
            // A cancellation handler that ran before this point found nothing to cancel;
            // the task's flag is set before handlers run, so it is seen here.
            if Task.isCancelled { return .cancelled }
            state.queue.append(submission)
            // Only the first submission of a turn wakes the thread: the wake-up stays pending
            // until its `curl_multi_poll`, and its next `takeWork` takes the whole queue. A
            // wake-up per submission made this lock (held across the system call) the most
            // contended one of a busy dispatcher.
            if state.queue.count == 1, state.multiAlive { curl_multi_wakeup(multi) }
            return nil
        }
        if let refusal {
            submission.continuation.resume(returning: .failure(refusal))
        }
    }

    /// The caller of `id` was cancelled: fail it at once if it is still queued, else ask
    /// the curl thread to remove its transfer. Does nothing when it has already finished.
    func cancel(_ id: UInt64) {
        let queued: CurlSubmission? = state.withLock { state in
            if let index = state.queue.firstIndex(where: { $0.id == id }) {
                return state.queue.remove(at: index)
            }
            if state.inFlight.contains(id) {
                state.cancellations.append(id)
                if state.multiAlive { curl_multi_wakeup(multi) }
            }
            return nil
        }
        queued?.continuation.resume(returning: .failure(.cancelled))
    }

    /// Fails queued work, stops the curl thread (which fails in-flight work and cleans up
    /// every handle) and waits until it has done so. Idempotent; safe from any thread.
    func shutdown() {
        let (queued, onLoopThread) = state.withLock { state in
            state.isShutDown = true
            let queued = state.queue
            state.queue.removeAll()
            if state.multiAlive { curl_multi_wakeup(multi) }
            return (queued, state.loopThread == ObjectIdentifier(Thread.current))
        }
        for submission in queued {
            submission.continuation.resume(returning: .failure(.shutDown))
        }
        guard !onLoopThread else { return }
        // A turnstile: every caller waits for the one signal and passes it on.
        exited.wait()
        exited.signal()
    }

    // MARK: - The curl thread's side

    func loopStarted() {
        state.withLock { $0.loopThread = ObjectIdentifier(Thread.current) }
    }

    /// New submissions (now counted as in flight), cancellation requests, and whether to stop.
    func takeWork() -> (submissions: [CurlSubmission], cancellations: [UInt64], stop: Bool) {
        state.withLock { state in
            let submissions = state.queue
            state.queue.removeAll(keepingCapacity: true)
            for submission in submissions { state.inFlight.insert(submission.id) }
            let cancellations = state.cancellations
            state.cancellations.removeAll()
            return (submissions, cancellations, state.isShutDown)
        }
    }

    func setWaitingForConnection(_ count: Int) {
        waiting.store(count, ordering: .relaxed)
    }

    /// Submissions held back until their host allows another connection.
    var waitingForConnection: Int { waiting.load(ordering: .relaxed) }

    /// The transfer `id` is over: a later cancellation of it has nothing to do.
    func finished(_ id: UInt64) {
        _ = state.withLock { $0.inFlight.remove(id) }
    }

    /// Called last by the curl thread, after it removed and cleaned up every easy handle.
    func loopEnded() {
        state.withLock { $0.multiAlive = false }
        curl_multi_cleanup(multi)
        exited.signal()
    }
}
