import BenchSupport
import GPIOInput
import Synchronization
import TrainSim
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// Edges played in true time through the daemon's live path: a producer
/// thread runs the GPIO reader's loop over an `EdgeHandoff` (sleeps as the
/// handoff says, pushes each edge when its time comes, stamped with that
/// time, then promises "everything before now less the allowance"); the
/// consumer task counts as `CountingService` does and sleeps on
/// `waitForEdges(orPromise: counter.nextDeadline)`. Nothing is compressed:
/// the debounce window, the allowance and every wake-up are in the numbers.
final class LiveRun: @unchecked Sendable {
    // @unchecked: `start` is written before the producer thread starts and
    // read after; the rest is immutable or the handoff's.
    let traffic: LiveTraffic
    let handoff: EdgeHandoff
    private(set) var start: Int64 = 0
    let stopped = Atomic<Bool>(false)
    /// How far behind an edge's time the producer pushed it, at worst, ns.
    let worstLateness = Atomic<Int64>(0)
    let realtime = Atomic<Bool>(false)

    init(traffic: LiveTraffic, allowance: Nanoseconds) throws {
        self.traffic = traffic
        handoff = try EdgeHandoff(ringCapacity: GPIOReaderOptions().ringCapacity, queueingAllowance: allowance)
    }

    /// When edge `index` happens, CLOCK_MONOTONIC.
    func due(_ index: Int) -> Int64 { start + traffic.edges[index].time }

    func produce() {
        EdgeHandoff.makeTimersPreciseOnThisThread()
        var index = 0
        var lateness: Int64 = 0
        let edges = traffic.edges
        while !stopped.load(ordering: .acquiring) {
            let now = monotonicNow()
            var timeout = handoff.pollTimeout(now: now)
            if index < edges.count { timeout = min(timeout, max(0, due(index) - now)) }
            if timeout > 0 { handoff.waitForKick(timeout: timeout) }
            let polledAt = monotonicNow()
            var pushed = 0
            while index < edges.count, due(index) <= polledAt {
                var edge = edges[index]
                edge.time = due(index)
                lateness = max(lateness, polledAt - edge.time)
                while !handoff.ring.push(edge) { sched_yield() }
                index += 1
                pushed += 1
            }
            handoff.polled(at: polledAt, pushed: pushed)
        }
        worstLateness.store(lateness, ordering: .relaxed)
    }

    struct Result {
        /// From the physical time of the edge that completed the wheel (the
        /// last edge of its point at or before the decision) to the axle out.
        var fromEdge: [Int64] = []
        /// CPU time of the whole process (producer and consumer), seconds.
        var cpuSeconds = 0.0
        var trains = 0
        var seconds = 0.0
        var wakes = 0
        var timeWentBackwards = 0
    }

    func run() async -> Result {
        let cpuAtStart = Stopwatch.cpu()
        start = monotonicNow() + 20_000_000
        let (thread, gotRealtime) = startProducerThread(realtimePriority: GPIOReaderOptions().realtimePriority ?? 49) {
            [self] in produce()
        }
        realtime.store(gotRealtime, ordering: .relaxed)
        var counter = WagonCounter(defaultSettings: traffic.settings, channels: ChannelTable(pointNames: traffic.pointNames))
        var batch: [Edge] = []
        batch.reserveCapacity(4096)
        var events: [WagonEvent] = []
        var result = Result()
        let lastDue = due(traffic.edges.count - 1)
        var consumed = 0
        while true {
            batch.removeAll(keepingCapacity: true)
            let (read, safe) = handoff.pop(into: &batch, maxCount: 4096)
            if read > 0 { counter.process(batch) }
            consumed += read
            counter.advance(to: safe)
            counter.takeEvents(into: &events)
            let now = monotonicNow()
            for event in events {
                switch event {
                case .axle(let axle):
                    if let edge = traffic.lastEdge(ofPoint: axle.point, atOrBefore: axle.decidedAt - start) {
                        result.fromEdge.append(now - due(edge))
                    }
                case .trainCompleted:
                    result.trains += 1
                case .health(let health) where health.name == "time_went_backwards":
                    result.timeWentBackwards += 1
                default:
                    break
                }
            }
            events.removeAll(keepingCapacity: true)
            // Every wheel is decided within its debounce window of its last edge.
            if consumed == traffic.edges.count, safe > lastDue + 10_000_000 { break }
            if read == 0 {
                await handoff.waitForEdges(orPromise: counter.nextDeadline, by: now + 100_000_000)
                result.wakes += 1
            }
        }
        result.seconds = Double(monotonicNow() - start) / 1e9
        let cpu = Stopwatch.cpu()
        result.cpuSeconds = cpu.user + cpu.system - cpuAtStart.user - cpuAtStart.system
        stopped.store(true, ordering: .releasing)
        handoff.kick()
        pthread_join(thread, nil)
        return result
    }
}

/// Trains on many counting points at once, in true time from 0: each point
/// gets realistic trains (TrainSim's random consists, speeds, stops) one
/// after the other, cut at `seconds`. Many points make many edges a second
/// without compressing time.
struct LiveTraffic {
    var edges: [Edge] = []
    var pointNames: [String]
    let settings: CountingPointSettings
    /// Per point, the indices of its edges in `edges` (times ascending).
    private var byPoint: [[Int]]

    init(points: Int, seconds: Double, seed: UInt64) {
        pointNames = (0..<points).map { "p\($0)" }
        let sensor = SensorModel.ideal
        settings = CountingPointSettings(sensorSpacing: sensor.spacing, detectionZone: sensor.zone)
        var scenarios = RandomScenario(seed: seed, noiseProbability: 0)
        var random = SplitMix64(seed: seed)
        let end = Nanoseconds(seconds * 1e9)
        for point in 0..<points {
            // Staggered starts, so the points' wheels do not come in step.
            var at = Nanoseconds(Double(random.next() % 10_000) * 1e6 / 1_000)
            while at < end {
                let run = scenarios.nextTrain(sensor: sensor)
                let log = Scenario(trains: [run], sensor: sensor, seed: random.next(), startTime: at).generate()
                for edge in log.edges where edge.time < end {
                    edges.append(Edge(time: edge.time, detector: Detector(point: point, side: edge.detector.side),
                                      occupied: edge.occupied))
                }
                at = log.span.upperBound + 15_000_000_000
            }
        }
        edges.sort { $0.time < $1.time }
        byPoint = Array(repeating: [], count: points)
        for (index, edge) in edges.enumerated() { byPoint[edge.detector.point].append(index) }
    }

    /// The index of the last edge of `point` at or before `time`.
    func lastEdge(ofPoint point: Int, atOrBefore time: Nanoseconds) -> Int? {
        let indices = byPoint[point]
        var low = 0, high = indices.count
        while low < high {
            let middle = (low + high) / 2
            if edges[indices[middle]].time <= time { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? indices[low - 1] : nil
    }
}
