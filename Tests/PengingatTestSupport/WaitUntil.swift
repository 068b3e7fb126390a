/// Polls `condition` until it holds.
///
/// There is no deadline here on purpose: a test waits for the event it needs, however slow the
/// machine, and the suite's `.timeLimit` is what ends a hang (its cancellation ends the sleep).
public func waitUntil(polling interval: Duration = .milliseconds(50), _ condition: () async throws -> Bool) async throws {
    while try await !condition() {
        try await Task.sleep(for: interval)
    }
}
