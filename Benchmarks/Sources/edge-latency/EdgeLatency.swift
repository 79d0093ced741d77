import BenchSupport
import GPIOInput
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// Latency from an edge to its decoded axle leaving the core, on the
/// daemon's live path (a producer thread, the GPIO reader's ring and
/// doorbell, `WagonCounter`), with simulated trains. Two kinds of run:
/// compressed (1 M edges as fast as a paced producer gives them; measures
/// the handoff and the core) and true time (many points in real time through
/// `EdgeHandoff`, debounce window and promises included). Prints
/// percentiles; asserts nothing.
@main
struct EdgeLatency {
    static let usage = """
        usage: edge-latency [--edges N] [--rate EDGES_PER_S] [--consumer MODE[,MODE...]] [--seed S] [--noise PERCENT]
                            [--live-seconds S] [--live-points N] [--allowance-us US]
          --edges         edges per compressed run (default 1,000,000)
          --rate          the paced producer's rate (default 100,000 edges/s); an unpaced run follows
          --consumer      how the consumer waits on an empty ring, one paced run each: doorbell (the
                          daemon's way), spin, or a sleep in microseconds (default doorbell,5000)
          --noise         chance in percent that a scenario's sensor is noisy (default 0)
          --live-seconds  length of the true-time run (default 60; 0 skips it)
          --live-points   counting points in it, each with its own trains (default 50)
          --allowance-us  the handoff's queueing allowance in the true-time run (default 250, the reader's)
        """

    static func main() async throws {
        let options = Options(usage: usage, flags: ["--edges", "--rate", "--consumer", "--seed", "--noise",
                                                    "--live-seconds", "--live-points", "--allowance-us"])
        let count = options.int("--edges", default: 1_000_000)
        let rate = options.int("--rate", default: 100_000)
        let consumerText = options.string("--consumer") ?? "doorbell,5000"
        let consumers = consumerText.split(separator: ",").compactMap(Consumer.init)
        guard !consumers.isEmpty, consumers.count == consumerText.split(separator: ",").count else {
            var standardError = StandardError()
            print("edge-latency: --consumer: '\(consumerText)' is not a list of doorbell, spin or microseconds\n" + usage,
                  to: &standardError)
            exit(64)
        }
        let seed = UInt64(options.int("--seed", default: 3))
        let noise = Double(options.int("--noise", default: 0, minimum: 0)) / 100
        let liveSeconds = options.int("--live-seconds", default: 60, minimum: 0)
        let livePoints = options.int("--live-points", default: 50)
        let allowance = Nanoseconds(options.int("--allowance-us", default: 250, minimum: 0)) * 1000

        if liveSeconds > 0 {
            try await reportLive(seconds: liveSeconds, points: livePoints, seed: seed, allowance: allowance)
        }
        let traffic = Traffic(edges: count, seed: seed, noise: noise)
        let ringCapacity = GPIOReaderOptions().ringCapacity
        print("\ncompressed: \(Format.grouped(traffic.edges.count)) edges of \(Format.grouped(traffic.trains)) simulated trains "
              + "(\(Format.grouped(traffic.expectedAxles)) net axles), ring of \(Format.grouped(ringCapacity)) edges")
        print("  time between edges passes at once; latency = when the axle left the core - CLOCK_MONOTONIC stamp "
              + "of the edge that completed it")
        for consumer in consumers {
            await report(traffic: traffic, rate: rate, ringCapacity: ringCapacity, consumer: consumer)
        }
        await report(traffic: traffic, rate: 0, ringCapacity: ringCapacity, consumer: .spin)
    }

    static func percentiles(_ samples: [Int64]) -> String {
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            return Format.decimal(Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1000, 1)
        }
        return "p50 \(at(0.5))  p90 \(at(0.9))  p99 \(at(0.99))  p99.9 \(at(0.999))  max \(at(1))"
    }

    static func reportLive(seconds: Int, points: Int, seed: UInt64, allowance: Nanoseconds) async throws {
        let traffic = LiveTraffic(points: points, seconds: Double(seconds), seed: seed)
        print("true time: \(Format.grouped(traffic.edges.count)) edges on \(points) points in \(seconds) s "
              + "(\(Format.grouped(traffic.edges.count / max(seconds, 1))) edges/s), allowance \(allowance / 1000) us, "
              + "debounce window \(Format.decimal(Double(traffic.settings.debounce.maximumDropout) / 1e6, 2)) ms")
        let run = try LiveRun(traffic: traffic, allowance: allowance)
        let result = await run.run()
        print("  producer at \(run.realtime.load(ordering: .relaxed) ? "SCHED_FIFO \(GPIOReaderOptions().realtimePriority ?? 49)" : "normal priority (no SCHED_FIFO here)"), "
              + "pushed each edge at worst \(Format.decimal(Double(run.worstLateness.load(ordering: .relaxed)) / 1000, 1)) us late")
        print("  \(Format.grouped(result.fromEdge.count)) axles, \(Format.grouped(result.trains)) trains closed, "
              + "\(Format.grouped(result.wakes)) consumer wake-ups in \(Format.decimal(result.seconds, 1)) s, "
              + "CPU \(Format.decimal(100 * result.cpuSeconds / result.seconds, 1))% of one core"
              + (result.timeWentBackwards > 0 ? ", \(result.timeWentBackwards) edges older than a promise" : ""))
        print("  edge to axle out, us:            " + percentiles(result.fromEdge))
        // A wheel is decided when its last release has been stable for the
        // debounce window: that much of the latency is the filter's setting.
        let window = traffic.settings.debounce.maximumDropout
        print("  beyond the debounce window, us:  " + percentiles(result.fromEdge.map { $0 - window })
              + " (the allowance and the wake-ups)")
    }

    static func report(traffic: Traffic, rate: Int, ringCapacity: Int, consumer: Consumer) async {
        let run = LatencyRun(edges: traffic.edges, rate: rate, ringCapacity: ringCapacity)
        let result = await run.run(settings: traffic.settings, consumer: consumer)
        let pacing = rate > 0 ? "paced at \(Format.grouped(rate)) edges/s" : "unpaced"
        print("\n\(pacing), \(consumer):")
        print("  \(Format.grouped(traffic.edges.count)) edges in \(Format.decimal(result.seconds, 2)) s = "
              + "\(Format.rate(traffic.edges.count, result.seconds)) edges/s; \(Format.grouped(result.axleEvents)) axles, "
              + "\(Format.grouped(result.trains)) trains (\(Format.grouped(result.trainAxles)) axles in them)")
        print("  latency us:         " + percentiles(result.latencies))
        print("  of it in the core:  " + percentiles(result.inCore) + " (pop to axle out)")
        var notes: [String] = []
        if rate > 0 {
            notes.append("producer at worst \(Format.decimal(Double(run.worstLateness.load(ordering: .relaxed)) / 1000, 1)) us behind its schedule")
        }
        let full = run.fullRing.load(ordering: .relaxed)
        if full > 0 { notes.append("producer found the ring full \(Format.grouped(full)) times and waited") }
        if result.heldOver > 0 { notes.append("\(Format.grouped(result.heldOver)) axles left the core a turn after their edge") }
        if result.unmatched > 0 { notes.append("\(result.unmatched) axles with no edge at their decidedAt") }
        if !notes.isEmpty { print("  " + notes.joined(separator: "; ")) }
    }
}
