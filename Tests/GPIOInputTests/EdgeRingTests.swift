import Dispatch
import GPIOInput
import Testing
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct EdgeRingTests {
    func edge(_ n: Int) -> Edge {
        Edge(time: Nanoseconds(n), n % 2 == 0 ? .a : .b, occupied: n % 4 < 2)
    }

    @Test func edgesComeOutInTheOrderTheyWentIn() {
        let ring = EdgeRing(capacity: 8)
        for n in 0..<5 { #expect(ring.push(edge(n))) }
        var out: [Edge] = []
        #expect(ring.pop(into: &out, maxCount: 3) == 3)
        #expect(ring.pop(into: &out, maxCount: 10) == 2)
        #expect(out == (0..<5).map(edge))
    }

    @Test func aFullRingDropsAndCountsInsteadOfOverwriting() {
        let ring = EdgeRing(capacity: 4)
        #expect(ring.capacity == 4)
        for n in 0..<6 { ring.push(edge(n)) }
        #expect(ring.overflows == 2)
        var out: [Edge] = []
        _ = ring.pop(into: &out, maxCount: 10)
        #expect(out == (0..<4).map(edge))
    }

    @Test func aProducerThreadAndAConsumerLoseNothing() {
        // Capacity far below the count, so the ring wraps many times and the
        // producer often finds it full; it retries (the reader drops instead)
        // to check ordering under contention. The producer runs on a
        // Dispatch thread, not a task: on one CPU the task pool has a single
        // thread, which this spinning consumer would keep to itself.
        let ring = EdgeRing(capacity: 64)
        let total = 50_000
        let done = DispatchGroup()
        DispatchQueue(label: "producer").async(group: done) {
            var n = 0
            while n < total {
                if ring.push(edge(n)) { n += 1 } else { sched_yield() }
            }
        }
        var out: [Edge] = []
        out.reserveCapacity(total)
        while out.count < total {
            if ring.pop(into: &out, maxCount: 1000) == 0 { sched_yield() }
        }
        done.wait()
        #expect(out.count == total)
        #expect(out == (0..<total).map(edge))
    }
}

@Suite struct LineSelectorTests {
    @Test func digitsAreAnOffsetAndAnythingElseIsAName() {
        #expect(LineSelector("17") == .offset(17))
        #expect(LineSelector("GPIO17") == .name("GPIO17"))
        #expect(LineSelector("-1") == .name("-1"))
        #expect(LineSelector("P9_12") == .name("P9_12"))
    }
}

/// The time a consumer may let the core advance to after a pop: no edge
/// left in the ring may be older (the core's contract).
@Suite struct EdgeRingPromiseTests {
    func edge(at time: Nanoseconds) -> Edge { Edge(time: time, .a, occupied: true) }

    @Test func aPromiseMadeDuringThePopCoversNoEdgeLeftBehind() {
        let ring = EdgeRing(capacity: 8)
        ring.push(edge(at: 90))
        var out: [Edge] = []
        // The producer pushes an edge stamped 95 and promises 100 while the
        // consumer is between reading the promise and popping: read in the
        // other order, 95 would stay behind a promise of 100.
        var producerActed = false
        let (count, safe) = ring.pop(into: &out, maxCount: 8) {
            defer { ring.push(edge(at: 95)); producerActed = true }
            return 100
        }
        #expect(producerActed)
        #expect(count == 2)
        #expect(safe == 100)
        #expect(out.map(\.time) == [90, 95])
    }

    @Test func aPromiseReadAfterThePushIsKeptWhenEverythingWasTaken() {
        let ring = EdgeRing(capacity: 8)
        ring.push(edge(at: 90))
        var out: [Edge] = []
        let (count, safe) = ring.pop(into: &out, maxCount: 8) { 100 }
        #expect(count == 1)
        #expect(safe == 100)
    }

    @Test func aPopCutShortGoesNoFurtherThanItsLastEdge() {
        let ring = EdgeRing(capacity: 8)
        for time in [10, 20, 30] as [Nanoseconds] { ring.push(edge(at: time)) }
        var out: [Edge] = []
        let (count, safe) = ring.pop(into: &out, maxCount: 2) { 100 }
        #expect(count == 2)
        #expect(safe == 20)
        #expect(ring.pending == 1)
    }
}
