import CCurl
import Dispatch
import Foundation
import Logging

/// The body of the curl thread: it alone calls into the multi handle and the easy
/// handles. Each turn it takes new submissions and cancellations from the core, lets
/// `curl_multi_perform` move every transfer on, resumes the callers of finished transfers,
/// and sleeps in `curl_multi_poll` until a socket is ready, a curl timer is due, or
/// another thread calls `curl_multi_wakeup`.
final class CurlMultiLoop {
    private let core: CurlTransportCore
    private let multi: UnsafeMutableRawPointer
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    /// The hosts of the transfers that ended in this turn, and how each ended.
    private var finished: [(host: String, ending: HostAdmission<Waiting>.Ending)] = []
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    private let maxIdleHandles: Int
    /// Submissions wait here, host by host, until the host's connection ramp lets them start.
    private var admission: HostAdmission<Waiting>
    /// The longest sleep when nothing happens; curl shortens it for its own timers.
    private static let pollMilliseconds: Int32 = 1000

    init(core: CurlTransportCore) {
        self.core = core
        multi = core.multi
        maxIdleHandles = max(4, min(core.configuration.maxTotalConnections, 64))
        admission = HostAdmission(
            limit: core.configuration.maxConnectionsPerHost,
            idleResetNanoseconds: UInt64(max(0, core.configuration.connectionRampIdleReset) * 1_000_000_000))
    }

    /// A submission held back by its host's allowance, and since when (its timeout counts the wait).
    private struct Waiting {
        let submission: CurlSubmission
        let key: String
        let since: UInt64
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func run() {
        core.loopStarted()
        while true {
            let work = core.takeWork()
            for id in work.cancellations {
                cancel(id)
            }
            if work.stop {
                for submission in work.submissions {
                    resume(submission, with: .failure(.shutDown))
                }
                break
            }
            for submission in work.submissions {
                admit(submission)
            }
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK {
                core.logger.error(
                    "curl_multi_perform failed", metadata: ["curl.multi_code": "\(performed.rawValue)"])
            }
            collectFinished()
            let polled = curl_multi_poll(multi, nil, 0, Self.pollMilliseconds, nil)
            if polled != CURLM_OK {
                core.logger.error("curl_multi_poll failed", metadata: ["curl.multi_code": "\(polled.rawValue)"])
            }
        }
        stop()
    }

    // MARK: - Transfers

    private func admit(_ submission: CurlSubmission) {
        let now = Self.now()
        let waiting = Waiting(submission: submission, key: submission.connectionKey, since: now)
        if let admitted = admission.admit(waiting, host: waiting.key, now: now) {
            start(admitted, now: now)
        }
        core.setWaitingForConnection(admission.waitingCount)
    }

    /// Starts `waiting` and, should it end at once, whatever its end lets through.
    private func start(_ waiting: Waiting, now: UInt64) {
        var ready = [waiting]
        while let next = ready.popLast() {
            if let failure = add(next, waited: TimeInterval(now &- next.since) / 1_000_000_000) {
                resume(next.submission, with: .failure(failure))
                ready += admission.finished(host: next.key, .unanswered, now: now).reversed()
            }
        }
    }

    /// Hands the transfer to curl; the error when it cannot start.
    private func add(_ waiting: Waiting, waited: TimeInterval) -> CurlError? {
        guard let easy = idleHandles.popLast() ?? CurlEasyHandle() else {
            return CurlError(code: CurlError.raw(CURLE_OUT_OF_MEMORY))
        }
        let transfer = CurlTransfer(submission: waiting.submission, connectionKey: waiting.key, easy: easy)
        if let failure = transfer.configure(core.configuration, waited: waited) {
            recycle(transfer)
            return failure
        }
        let added = curl_multi_add_handle(multi, easy.raw)
        guard added == CURLM_OK else {
            recycle(transfer)
            let message = String(cString: curl_multi_strerror(added))
            return CurlError(code: CurlError.raw(CURLE_FAILED_INIT), detail: "curl_multi_add_handle: \(message)")
        }
        active[easy.raw] = transfer
        activeByID[waiting.submission.id] = easy.raw
        return nil
    }

    /// A transfer to `host` left curl: let the host's next waiting ones start.
    private func release(host: String, _ ending: HostAdmission<Waiting>.Ending) {
        let now = Self.now()
        for next in admission.finished(host: host, ending, now: now) {
            start(next, now: now)
        }
        core.setWaitingForConnection(admission.waitingCount)
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read the message before removing the handle: removal invalidates it.
            let code = pengingat_curl_msg_result(message)
            guard let transfer = detach(easy) else { continue }
            let result: Result<CurlSubmission.Outcome, CurlError> =
                code == CURLE_OK ? .success(transfer.outcome()) : .failure(transfer.error(code))
            recycle(transfer)
            resume(transfer.submission, with: result)
            let ending: HostAdmission<Waiting>.Ending =
                if case .success(let outcome) = result { .answered(onNewConnection: !outcome.reusedConnection) } else { .unanswered }
            finished.append((transfer.connectionKey, ending))
        }
        // Started only after the loop: curl_multi_info_read's queue is left alone while read.
        for (host, ending) in finished {
            release(host: host, ending)
        }
        finished.removeAll(keepingCapacity: true)
    }

    /// The caller gave up: take its transfer out of curl (curl closes that connection
    /// if the answer was under way) and answer with `CurlError.cancelled`.
    private func cancel(_ id: UInt64) {
        if let easy = activeByID[id], let transfer = detach(easy) {
            recycle(transfer)
            resume(transfer.submission, with: .failure(.cancelled))
            release(host: transfer.connectionKey, .unanswered)
        } else if let waiting = admission.removeWaiting(where: { $0.submission.id == id }) {
            resume(waiting.submission, with: .failure(.cancelled))
            core.setWaitingForConnection(admission.waitingCount)
        }
    }

    private func detach(_ easy: UnsafeMutableRawPointer) -> CurlTransfer? {
        curl_multi_remove_handle(multi, easy)
        guard let transfer = active.removeValue(forKey: easy) else { return nil }
        activeByID[transfer.id] = nil
        return transfer
    }

    /// Frees the transfer's lists and returns its easy handle to the pool (or frees it
    /// when the pool is full). The handle must already be out of the multi handle.
    private func recycle(_ transfer: CurlTransfer) {
        transfer.easy.reset()
        transfer.freeLists()
        if idleHandles.count < maxIdleHandles {
            idleHandles.append(transfer.easy)
        }
    }

    private func resume(_ submission: CurlSubmission, with result: Result<CurlSubmission.Outcome, CurlError>) {
        core.finished(submission.id)
        log(submission, result)
        submission.continuation.resume(returning: result)
    }

    private func log(_ submission: CurlSubmission, _ result: Result<CurlSubmission.Outcome, CurlError>) {
        guard core.logger.logLevel <= .debug else { return }
        let label = submission.logLabel
        var metadata: Logger.Metadata = ["http.method": "\(label.method)", "url.host": "\(label.host)"]
        switch result {
        case .success(let outcome):
            metadata[label.method == "SMTP" ? "smtp.code" : "http.status"] = "\(outcome.status)"
            metadata["transfer.seconds"] = "\(outcome.totalTime)"
            metadata["transfer.reused"] = "\(outcome.reusedConnection)"
            core.logger.debug("curl transfer finished", metadata: metadata)
        case .failure(let error):
            metadata["curl.code"] = "\(error.code)"
            metadata["curl.kind"] = "\(error.kind)"
            core.logger.debug("curl transfer failed", metadata: metadata)
        }
    }

    // MARK: - Shutting down

    private func stop() {
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            transfer.easy.reset()
            transfer.freeLists()
            resume(transfer.submission, with: .failure(.shutDown))
        }
        active.removeAll()
        activeByID.removeAll()
        for waiting in admission.removeAllWaiting() {
            resume(waiting.submission, with: .failure(.shutDown))
        }
        core.setWaitingForConnection(0)
        idleHandles.removeAll()  // curl_easy_cleanup in each handle's deinit
        core.loopEnded()
    }
}
