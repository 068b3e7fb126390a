import Foundation
import PengingatCore
import PengingatStore
import Synchronization
import Testing

@testable import PengingatService

// A queue that failed to wake a waiter would hang the test: the time limit ends it.
@Suite("The queue between claiming and the send workers", .timeLimit(.minutes(1)))
struct SendQueueTests {
    private func claimed(_ keys: [String]) -> [ClaimedMessage] {
        keys.map { key in
            ClaimedMessage(key: key, source: "test", phone: PhoneNumber(e164: "+6281234567890")!, channel: .sms, text: "x",
                           expiresAt: Date(timeIntervalSince1970: 2_000_000_000), attempts: 0, whatsAppTemplates: [],
                           email: nil)
        }
    }

    @Test("messages go out in the order they were claimed, to waiting workers first, and count until done")
    func order() async {
        let queue = SendQueue()
        // A worker already waiting gets the first message pushed, before any queued one.
        async let early = queue.next()
        await waitForIdleWorker(queue)
        queue.push([])  // nothing: nothing is handed over or counted
        #expect(queue.outstanding == 0)
        queue.push(claimed(["a", "b", "c"]))
        #expect(await early?.key == "a")
        #expect(await queue.next()?.key == "b")
        #expect(await queue.next()?.key == "c")
        #expect(queue.outstanding == 3)
        queue.done()
        queue.done()
        #expect(queue.outstanding == 1)
    }

    @Test("the claiming loop wakes only when enough messages are done")
    func room() async {
        let queue = SendQueue()
        queue.push(claimed(["a", "b", "c", "d"]))
        for _ in 0..<4 { _ = await queue.next() }
        let woke = Mutex(false)
        async let waited: Void = {
            await queue.wait(untilOutstandingAtMost: 2)
            woke.withLock { $0 = true }
        }()
        queue.done()
        // One done leaves three outstanding: still waiting. (Checked after the waiter registered.)
        await waitUntilWaiting(queue)
        #expect(!woke.withLock { $0 })
        queue.done()
        await waited
        #expect(woke.withLock { $0 })
        #expect(queue.outstanding == 2)
    }

    @Test("closing wakes waiting workers with nothing and leaves unsent messages claimed")
    func closing() async {
        let queue = SendQueue()
        async let idle = queue.next()
        await waitForIdleWorker(queue)
        queue.close()
        #expect(await idle == nil)
        queue.push(claimed(["a"]))  // after closing: not taken by anyone
        #expect(await queue.next() == nil)
        await queue.wait(untilOutstandingAtMost: 0)  // a closed queue never holds the loop
    }

    @Test("a worker's failure closes the queue and the first error is kept")
    func failure() async {
        struct First: Error {}
        struct Second: Error {}
        let queue = SendQueue()
        queue.push(claimed(["a", "b"]))
        _ = await queue.next()
        queue.fail(First())
        queue.fail(Second())
        #expect(queue.failure is First)
        #expect(await queue.next() == nil)
    }

    /// Until a worker is parked in `next()`, so a push hands it a message directly.
    private func waitForIdleWorker(_ queue: SendQueue) async {
        while queue.idleWorkers == 0 { await Task.yield() }
    }

    private func waitUntilWaiting(_ queue: SendQueue) async {
        while !queue.hasRoomWaiter { await Task.yield() }
    }
}
