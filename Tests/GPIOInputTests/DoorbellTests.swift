import Dispatch
import GPIOInput
import Synchronization
import Testing
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// The doorbell between the GPIO reader thread and the counting task: a
/// ring is never lost, whenever it comes, and a waiting task always wakes.
@Suite(.timeLimit(.minutes(1))) struct DoorbellTests {
    @Test func aRingWithNobodyWaitingIsKeptForTheNextWait() async {
        let doorbell = Doorbell()
        doorbell.ring()
        await doorbell.wait()  // returns at once, or the time limit fails the test
    }

    @Test func aRingFromAnotherThreadWakesTheWaitingTask() async {
        let doorbell = Doorbell()
        let rung = Flag()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) {
            rung.set()
            doorbell.ring()
        }
        await doorbell.wait()
        #expect(rung.isSet, "woke before anyone rang")
    }

    @Test func cancellingTheWaitingTaskWakesIt() async {
        let doorbell = Doorbell()
        let waiter = Task { await doorbell.wait() }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await waiter.value
    }

    /// The live path's pattern: the producer pushes, then rings; the
    /// consumer waits only when the ring looked empty. A wake-up lost
    /// between the consumer's look and its wait would hang here.
    @Test func aConsumerThatWaitsOnlyOnAnEmptyRingGetsEveryEdge() async throws {
        let ring = EdgeRing(capacity: 1024)
        let doorbell = Doorbell()
        let total = 200_000
        detachThread {
            for n in 0..<total {
                while !ring.push(Edge(time: Nanoseconds(n), .a, occupied: n % 2 == 0)) {}
                // Now and then a pause, so the consumer catches up and sleeps.
                if n % 1000 == 0 { usleep(100) }
                doorbell.ring()
            }
        }
        var received: [Edge] = []
        received.reserveCapacity(total)
        var waits = 0
        while received.count < total {
            if ring.pop(into: &received, maxCount: 4096) == 0 {
                try Task.checkCancellation()  // the time limit
                await doorbell.wait()
                waits += 1
            }
        }
        #expect(received.map(\.time) == (0..<total).map { Nanoseconds($0) })
        #expect(waits > 0, "the consumer never slept: the test did not test the wake-up")
    }
}

private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
