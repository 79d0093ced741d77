import BenchSupport
import GPIOInput
import Synchronization
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// How the consumer waits when the ring is empty.
enum Consumer: Equatable, CustomStringConvertible {
    /// On the doorbell the producer rings after each push (the daemon's way).
    case doorbell
    case spin
    case sleep(microseconds: Int)

    init?(_ text: Substring) {
        switch text {
        case "doorbell": self = .doorbell
        case "spin": self = .spin
        default:
            guard let microseconds = Int(text), microseconds > 0 else { return nil }
            self = .sleep(microseconds: microseconds)
        }
    }

    var description: String {
        switch self {
        case .doorbell: "consumer sleeps on the doorbell when idle"
        case .spin: "consumer spins when idle"
        case .sleep(let microseconds): "consumer sleeps \(Format.grouped(microseconds)) us when idle"
        }
    }
}

/// One producer/consumer run over the live path: a producer thread pushes the
/// traffic's edges into an `EdgeRing` (the GPIO reader's ring, same
/// capacity), stamping each with CLOCK_MONOTONIC as it pushes; the calling
/// thread drains the ring into a `WagonCounter` as the daemon's counting loop
/// does. For every axle the core emits, latency is the time it left the core
/// minus the stamp of the edge that completed it (`decidedAt`).
///
/// The core sees the simulated times (so it decodes real trains, filters
/// and all); the stamps are kept beside them, indexed like the edges. Time
/// is compressed: the producer publishes, after each push, that simulated
/// time has reached just before the next edge (the GPIO reader's `safeTime`
/// promise), so the gaps between edges, the debounce wait among them, pass
/// at once.
final class LatencyRun: @unchecked Sendable {
    // @unchecked: `stamps[i]` is written by the producer before it pushes
    // edge i and read by the consumer after it pops it (the ring's
    // release/acquire orders them); everything else is atomic or immutable.
    let edges: [Edge]
    let ring: EdgeRing
    /// Edges per second; 0 pushes as fast as the ring takes them.
    let rate: Int
    let stamps: UnsafeMutablePointer<Int64>
    /// Simulated time before which every edge has been pushed.
    let safeTime = Atomic<Int64>(.min)
    /// Rung after every push, as the GPIO reader rings its handoff's.
    let doorbell = Doorbell()
    /// Times the producer found the ring full and tried again (unpaced runs).
    let fullRing = Atomic<Int>(0)
    /// How far behind its schedule the paced producer fell, at worst, ns.
    let worstLateness = Atomic<Int64>(0)

    /// As many edges as the daemon's counting loop takes per turn.
    static let batchSize = 4096

    init(edges: [Edge], rate: Int, ringCapacity: Int) {
        self.edges = edges
        self.rate = rate
        ring = EdgeRing(capacity: ringCapacity)
        stamps = .allocate(capacity: edges.count)
    }

    deinit { stamps.deallocate() }

    /// The producer thread's body.
    func produce() {
        let start = monotonicNow() + 1_000_000
        var lateness: Int64 = 0
        for index in edges.indices {
            if rate > 0 {
                // Spin to the edge's slot: nanosleep cannot wake every 10 µs.
                let due = start + Int64(index) * 1_000_000_000 / Int64(rate)
                var now = monotonicNow()
                while now < due { now = monotonicNow() }
                lateness = max(lateness, now - due)
            }
            stamps[index] = monotonicNow()
            while !ring.push(edges[index]) {
                fullRing.wrappingAdd(1, ordering: .relaxed)
                sched_yield()
            }
            let next = index + 1 < edges.count ? edges[index + 1].time - 1 : .max
            safeTime.store(next, ordering: .releasing)
            doorbell.ring()
        }
        worstLateness.store(lateness, ordering: .relaxed)
    }

    struct Result {
        var latencies: [Int64]
        var seconds: Double
        var axleEvents = 0
        var trains = 0
        var trainAxles = 0
        var unmatched = 0
        /// From the pop of the batch to the axle out of the core: the core's share.
        var inCore: [Int64] = []
        /// Axles whose completing edge came in an earlier turn (the core waited for time to pass).
        var heldOver = 0
    }

    /// Starts the producer and drains until every edge is counted.
    func run(settings: CountingPointSettings, consumer: Consumer) async -> Result {
        var counter = WagonCounter(defaultSettings: settings, channels: ChannelTable(pointNames: [""]))
        var batch: [Edge] = []
        batch.reserveCapacity(Self.batchSize)
        var events: [WagonEvent] = []
        events.reserveCapacity(1024)
        var result = Result(latencies: [], seconds: 0)
        result.latencies.reserveCapacity(edges.count / 3)
        result.inCore.reserveCapacity(edges.count / 3)
        var consumed = 0

        let started = monotonicNow()
        let thread = startProducerThread(realtimePriority: nil) { [self] in produce() }.thread
        while consumed < edges.count {
            // As GPIOEdgeSource does: the promise is read before the pop.
            batch.removeAll(keepingCapacity: true)
            let (read, safe) = ring.pop(into: &batch, maxCount: Self.batchSize) {
                safeTime.load(ordering: .acquiring)
            }
            let popped = monotonicNow()
            if read == 0 {
                switch consumer {
                case .doorbell: await doorbell.wait()
                // sched_yield on a busy machine would hand the CPU away for a whole time slice.
                case .spin: break
                case .sleep(let microseconds): usleep(UInt32(microseconds))
                }
                continue
            }
            consumed += read
            counter.process(batch)
            if consumed == edges.count { counter.finish() } else { counter.advance(to: safe) }
            counter.takeEvents(into: &events)
            let now = monotonicNow()
            for event in events {
                switch event {
                case .axle(let axle):
                    result.axleEvents += 1
                    if let index = lastEdge(at: axle.decidedAt, before: consumed) {
                        result.latencies.append(now - stamps[index])
                        result.inCore.append(now - popped)
                        if index < consumed - read { result.heldOver += 1 }
                    } else {
                        result.unmatched += 1
                    }
                case .trainCompleted(let train):
                    result.trains += 1
                    result.trainAxles += train.axles
                default:
                    break
                }
            }
            events.removeAll(keepingCapacity: true)
        }
        result.seconds = Double(monotonicNow() - started) / 1e9
        pthread_join(thread, nil)
        return result
    }

    /// The last of the first `count` edges stamped `time`, by binary search.
    private func lastEdge(at time: Nanoseconds, before count: Int) -> Int? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low > 0 && edges[low - 1].time == time ? low - 1 : nil
    }
}

func monotonicNow() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
