import Dispatch
import GPIOInput
import Synchronization
import Testing
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// The handoff between the GPIO reader thread and the counting task, with a
/// producer thread that runs the reader's own loop (poll timeout from the
/// handoff, sleep on the wake eventfd, promise) but has no lines.
@Suite(.timeLimit(.minutes(1))) struct EdgeHandoffTests {
    /// Far beyond the time limit: only the wish can move time in these tests.
    static let idle: Nanoseconds = 600_000_000_000
    static let allowance: Nanoseconds = 250_000

    @Test func aWishedPromiseIsKeptWithoutWaitingForTheIdleInterval() async throws {
        let handoff = try EdgeHandoff(ringCapacity: 64, queueingAllowance: Self.allowance, idlePollInterval: Self.idle)
        let producer = Producer(handoff)
        defer { producer.stop() }
        // Let the producer fall asleep on its idle interval first: the wish must kick it.
        try await Task.sleep(for: .milliseconds(20))

        for step in 1...20 {
            let wish = monotonicNow() + Nanoseconds(step) * 100_000
            while handoff.safeTime < wish {
                try Task.checkCancellation()  // the time limit
                await handoff.waitForEdges(orPromise: wish, by: .max - Self.idle)
            }
            // Never ahead of the producer's clock less the allowance.
            #expect(handoff.safeTime <= monotonicNow() - Self.allowance)
        }
    }

    @Test func aWishAtTheEndOfTimeMeansNotSoonAndDoesNotOverflow() throws {
        let handoff = try EdgeHandoff(ringCapacity: 4, queueingAllowance: Self.allowance, idlePollInterval: 1_000_000)
        handoff.wantPromise(upTo: .max - 1)
        #expect(handoff.pollTimeout(now: 1_000) == 1_000_000)
    }

    @Test func pushedEdgesWakeTheWaitingConsumer() async throws {
        let handoff = try EdgeHandoff(ringCapacity: 64, queueingAllowance: Self.allowance, idlePollInterval: Self.idle)
        let producer = Producer(handoff, pushEvery: 2_000_000, count: 50)
        defer { producer.stop() }
        var edges: [Edge] = []
        var lastPromise = Nanoseconds.min
        while edges.count < 50 {
            let (count, promise) = handoff.pop(into: &edges, maxCount: 16)
            // A promise covers only edges already popped: none comes older.
            for edge in edges.suffix(count) { #expect(edge.time >= lastPromise) }
            lastPromise = max(lastPromise, promise)
            // No wish: only the pushes can wake this wait.
            if count == 0 {
                try Task.checkCancellation()  // the time limit
                await handoff.waitForEdges(orPromise: nil, by: .max - Self.idle)
            }
        }
        #expect(edges.map(\.time) == edges.map(\.time).sorted())
    }
}

/// The reader's loop without lines: sleeps as the handoff says, optionally
/// pushes an edge stamped "now" every `pushEvery` ns, promises after each poll.
private final class Producer: Sendable {
    let handoff: EdgeHandoff
    let stopped = Atomic<Bool>(false)
    let done = DispatchSemaphore(value: 0)

    init(_ handoff: EdgeHandoff, pushEvery: Nanoseconds? = nil, count: Int = 0) {
        self.handoff = handoff
        // A thread of its own, as the reader has: it sleeps in ppoll, which
        // would hold a worker of a shared pool.
        detachThread { [self] in
            var pushed = 0
            var nextPush = monotonicNow() + (pushEvery ?? 0)
            while !stopped.load(ordering: .acquiring) {
                let now = monotonicNow()
                var timeout = handoff.pollTimeout(now: now)
                if pushEvery != nil, pushed < count { timeout = min(timeout, max(0, nextPush - now)) }
                handoff.waitForKick(timeout: timeout)
                let polledAt = monotonicNow()
                var fresh = 0
                if let pushEvery, pushed < count, polledAt >= nextPush {
                    handoff.ring.push(Edge(time: polledAt, .a, occupied: pushed % 2 == 0))
                    pushed += 1
                    fresh = 1
                    nextPush += pushEvery
                }
                handoff.polled(at: polledAt, pushed: fresh)
            }
            done.signal()
        }
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        handoff.kick()
        done.wait()
    }
}

private func monotonicNow() -> Nanoseconds {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Nanoseconds(ts.tv_sec) * 1_000_000_000 + Nanoseconds(ts.tv_nsec)
}

/// Runs `body` on a new detached thread.
func detachThread(_ body: @escaping @Sendable () -> Void) {
    final class Body: @unchecked Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
    var thread = pthread_t()
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    let result = pthread_create(&thread, nil, { context in
        Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, context)
    precondition(result == 0, "cannot start a thread: \(result)")
    pthread_detach(thread)
}
