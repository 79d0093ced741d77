import TrainSim
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

// Core throughput: simulated trains (noisy sensor, so the filters work) fed
// edge by edge through WagonCounter, on one core, in release. Also the
// latency from an edge's timestamp to the axle decided from it, in edge-time
// (what the core adds on top of the wheel's own passage). Usage:
// core-throughput [million-edges] [clean|noisy] [rounds]
// Instructions per edge, which a busy machine does not blur: run under
// `perf stat -e instructions` with 3 rounds and with 1, and divide the
// difference by 2 × the edges (the simulation before the rounds cancels out).

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments

// `core-throughput dump [million-edges]`: a fingerprint of every event the
// core decides (and of `nextDeadline` between chunks), clean and noisy, fed
// in chunks of 1024 and in uneven chunks with ticks: to check that a change
// to the core leaves its output byte-identical. `dump N full` prints the
// events themselves.
if arguments.count > 1, arguments[1] == "dump" {
    let million = arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1
    let full = arguments.count > 3 && arguments[3] == "full"
    let kinds: [(String, Double, Double, SensorModel, CountingPointSettings)] = [
        ("clean", 0, 0, .ideal, CountingPointSettings(sensorSpacing: 0.14, detectionZone: 0.18)),
        ("noisy", 1, 0, .ideal, CountingPointSettings(sensorSpacing: 0.14, detectionZone: 0.18)),
        ("mixed+faults", 0.5, 0.3, .ideal, CountingPointSettings(sensorSpacing: 0.14, detectionZone: 0.18)),
        ("apart", 0.5, 0.2, .apart, CountingPointSettings(sensorSpacing: 0.30, detectionZone: 0.12)),
    ]
    for (name, noise, faults, geometry, settings) in kinds {
        // Different scenarios back to back, each moved after the one before.
        var scenarios = RandomScenario(seed: 11, noiseProbability: noise, faultProbability: faults,
                                       trainsPerScenario: 1...6, geometry: geometry)
        var edges: [Edge] = []
        var shift: Nanoseconds = 0
        while edges.count < million * 1_000_000 {
            let log = scenarios.next()!.generate()
            let first = log.span.lowerBound
            for edge in log.edges {
                edges.append(Edge(time: edge.time - first + shift, detector: edge.detector, occupied: edge.occupied))
            }
            shift += log.span.upperBound - first
        }
        for uneven in [false, true] {
            var counter = WagonCounter(defaultSettings: settings)
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var count = 0
            func mix(_ text: String) {
                if full { print(text) }
                for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                count += 1
            }
            var start = 0
            var size = 1
            while start < edges.count {
                let end = min(start + (uneven ? size : 1024), edges.count)
                counter.process(edges[start..<end])
                if uneven {
                    size = size * 7 % 1031 + 1
                    if let deadline = counter.nextDeadline {
                        mix("deadline \(deadline)")
                        if end < edges.count, deadline < edges[end].time { counter.advance(to: deadline) }
                    }
                    if end < edges.count, size % 3 == 0 { counter.advance(to: edges[end].time - 1) }
                }
                for event in counter.takeEvents() { mix("\(event)") }
                start = end
            }
            counter.finish()
            for event in counter.takeEvents() { mix("\(event)") }
            let a = counter.points.first?.statistics(of: .a)
            let b = counter.points.first?.statistics(of: .b)
            mix("statistics \(String(describing: a)) \(String(describing: b))")
            print("dump \(name) \(uneven ? "uneven+ticks" : "chunks-1024"): \(edges.count) edges, \(count) lines, fnv \(String(hash, radix: 16))")
        }
    }
    exit(0)
}
let target = (arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20) * 1_000_000
/// Any second argument but `noisy` measures the clean sensor alone (as before).
let cases = arguments.count < 3 ? [false, true] : [arguments[2] == "noisy"]
let rounds = arguments.count > 3 ? max(Int(arguments[3]) ?? 3, 1) : 3

func measure(noisy: Bool) {

    // A day's worth of traffic: many trains, replayed back to back with shifted times.
    var scenarios = RandomScenario(seed: 11, noiseProbability: noisy ? 1 : 0, trainsPerScenario: 20...20)
    let log = scenarios.next()!.generate()
    let span = log.span.upperBound - log.span.lowerBound
    var edges: [Edge] = []
    edges.reserveCapacity(target)
    var shift: Nanoseconds = 0
    while edges.count < target {
        for edge in log.edges where edges.count < target {
            edges.append(Edge(time: edge.time + shift, detector: edge.detector, occupied: edge.occupied))
        }
        shift += span
    }

    let settings = CountingPointSettings(sensorSpacing: 0.14, detectionZone: 0.18)
    var best = Double.infinity
    var trains = 0
    var axleEvents = 0
    var lateness: [Nanoseconds] = []
    for round in 0..<rounds {
        var counter = WagonCounter(defaultSettings: settings)
        var events: [WagonEvent] = []
        events.reserveCapacity(1024)
        trains = 0
        axleEvents = 0
        let start = now()
        // In chunks of 1024, as replay and the daemon feed the core.
        for chunkStart in stride(from: 0, to: edges.count, by: 1024) {
            counter.process(edges[chunkStart..<min(chunkStart + 1024, edges.count)])
            do {
                counter.takeEvents(into: &events)
                for event in events {
                    switch event {
                    case .trainCompleted: trains += 1
                    case .axle(let axle):
                        axleEvents += 1
                        if round == 0 { lateness.append(axle.decidedAt - axle.time) }
                    default: break
                    }
                }
                events.removeAll(keepingCapacity: true)
            }
        }
        counter.finish()
        best = min(best, now() - start)
    }

    lateness.sort()
    func ms(_ ns: Nanoseconds) -> String { String(Double(ns / 1000) / 1000) }
    print("core throughput, \(noisy ? "noisy" : "clean") sensor: \(edges.count) edges, \(trains) trains, \(axleEvents) axles")
    print("  best of \(rounds): \(Int(best * 1000)) ms = \(Double(Int(Double(edges.count) / best / 1e5)) / 10) M edges/s on one core")
    if !lateness.isEmpty {
        print("  axle decided after its centre crossing (edge time): p50 \(ms(lateness[lateness.count / 2])) ms, "
              + "p99 \(ms(lateness[lateness.count * 99 / 100])) ms, max \(ms(lateness.last!)) ms")
    }
}

for noisy in cases { measure(noisy: noisy) }
