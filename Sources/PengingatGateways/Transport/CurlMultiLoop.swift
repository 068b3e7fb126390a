import CCurl
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
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    private let maxIdleHandles: Int
    private var connections: ConnectionRamp
    /// The longest sleep when nothing happens; curl shortens it for its own timers.
    private static let pollMilliseconds: Int32 = 1000

    init(core: CurlTransportCore) {
        self.core = core
        multi = core.multi
        maxIdleHandles = max(4, min(core.configuration.maxTotalConnections, 64))
        connections = ConnectionRamp(limit: core.configuration.maxConnectionsPerHost)
    }

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
                start(submission)
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

    private func start(_ submission: CurlSubmission) {
        guard let easy = idleHandles.popLast() ?? CurlEasyHandle() else {
            resume(submission, with: .failure(CurlError(code: CurlError.raw(CURLE_OUT_OF_MEMORY))))
            return
        }
        let transfer = CurlTransfer(submission: submission, easy: easy)
        if let failure = transfer.configure(core.configuration) {
            recycle(transfer)
            resume(submission, with: .failure(failure))
            return
        }
        let added = curl_multi_add_handle(multi, easy.raw)
        guard added == CURLM_OK else {
            recycle(transfer)
            let message = String(cString: curl_multi_strerror(added))
            resume(
                submission,
                with: .failure(CurlError(code: CurlError.raw(CURLE_FAILED_INIT), detail: "curl_multi_add_handle: \(message)")))
            return
        }
        active[easy.raw] = transfer
        activeByID[submission.id] = easy.raw
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
            if case .success(let outcome) = result, let allowed = connections.answered(onNewConnection: !outcome.reusedConnection) {
                _ = pengingat_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, allowed)
            }
            recycle(transfer)
            resume(transfer.submission, with: result)
        }
    }

    /// The caller gave up: take its transfer out of curl (curl closes that connection
    /// if the answer was under way) and answer with `CurlError.cancelled`.
    private func cancel(_ id: UInt64) {
        guard let easy = activeByID[id], let transfer = detach(easy) else { return }
        recycle(transfer)
        resume(transfer.submission, with: .failure(.cancelled))
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
        idleHandles.removeAll()  // curl_easy_cleanup in each handle's deinit
        core.loopEnded()
    }
}
