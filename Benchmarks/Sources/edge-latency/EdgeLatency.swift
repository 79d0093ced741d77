import BenchSupport
import GPIOInput
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// Latency from an edge's timestamp to its decoded axle leaving the core, on
/// the daemon's live path (EdgeRing from a producer thread into WagonCounter),
/// with simulated trains. Prints percentiles; asserts nothing.
@main
struct EdgeLatency {
    static let usage = """
        usage: edge-latency [--edges N] [--rate EDGES_PER_S] [--idle-sleep-us US[,US...]] [--seed S] [--noise PERCENT]
          --edges         edges per run (default 1,000,000)
          --rate          the paced producer's rate (default 100,000 edges/s); an unpaced run follows
          --idle-sleep-us the consumer's sleep when the ring was empty, one paced run each (default
                          0,100,5000: spinning, a short sleep, and the daemon's counting loop's 5 ms)
          --noise         chance in percent that a scenario's sensor is noisy (default 0)
        """

    static func main() {
        let options = Options(usage: usage, flags: ["--edges", "--rate", "--idle-sleep-us", "--seed", "--noise"])
        let count = options.int("--edges", default: 1_000_000)
        let rate = options.int("--rate", default: 100_000)
        // Options.ints takes positive numbers only; 0 (spin) is a value here.
        let sleepText = options.string("--idle-sleep-us") ?? "0,100,5000"
        let sleeps = sleepText.split(separator: ",").compactMap { Int($0) }.filter { $0 >= 0 }
        guard !sleeps.isEmpty, sleeps.count == sleepText.split(separator: ",").count else {
            var standardError = StandardError()
            print("edge-latency: --idle-sleep-us: '\(sleepText)' is not a comma-separated list of microseconds\n" + usage,
                  to: &standardError)
            exit(64)
        }
        let seed = UInt64(options.int("--seed", default: 3))
        let noise = Double(options.int("--noise", default: 0, minimum: 0)) / 100

        let traffic = Traffic(edges: count, seed: seed, noise: noise)
        let ringCapacity = GPIOReaderOptions().ringCapacity
        print("edge-latency: \(Format.grouped(traffic.edges.count)) edges of \(Format.grouped(traffic.trains)) simulated trains "
              + "(\(Format.grouped(traffic.expectedAxles)) net axles), ring of \(Format.grouped(ringCapacity)) edges")
        print("  latency = when the axle left the core - CLOCK_MONOTONIC stamp of the edge that completed it")
        for sleep in sleeps {
            report(traffic: traffic, rate: rate, ringCapacity: ringCapacity, idleSleep: sleep)
        }
        report(traffic: traffic, rate: 0, ringCapacity: ringCapacity, idleSleep: 0)
    }

    static func report(traffic: Traffic, rate: Int, ringCapacity: Int, idleSleep: Int) {
        let run = LatencyRun(edges: traffic.edges, rate: rate, ringCapacity: ringCapacity)
        let result = run.run(settings: traffic.settings, idleSleepMicroseconds: idleSleep)
        func percentiles(_ samples: [Int64]) -> String {
            let sorted = samples.sorted()
            func at(_ fraction: Double) -> String {
                guard !sorted.isEmpty else { return "-" }
                return Format.decimal(Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1000, 1)
            }
            return "p50 \(at(0.5))  p90 \(at(0.9))  p99 \(at(0.99))  p99.9 \(at(0.999))  max \(at(1))"
        }
        let pacing = rate > 0 ? "paced at \(Format.grouped(rate)) edges/s" : "unpaced"
        let consumer = idleSleep > 0 ? "consumer sleeps \(Format.grouped(idleSleep)) us when idle" : "consumer spins when idle"
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
