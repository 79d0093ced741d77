#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds, for intervals.
public enum Stopwatch {
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Seconds of CPU the calling thread has used: for synchronous work,
    /// what it cost regardless of other load on the machine.
    public static func threadCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Seconds of CPU this process has used so far, user and system.
    public static func cpu() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }
}

/// Latencies in seconds, summarised as percentiles.
public struct Latencies {
    private var samples: [Double] = []

    public init() {}

    public mutating func add(_ seconds: Double) { samples.append(seconds) }

    public var count: Int { samples.count }
    public var total: Double { samples.reduce(0, +) }

    /// `p50 1.23 ms, p99 4.56 ms, max 7.89 ms`.
    public var summary: String {
        guard !samples.isEmpty else { return "no samples" }
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
        return "p50 \(Format.milliseconds(at(0.5))), p99 \(Format.milliseconds(at(0.99))), "
            + "max \(Format.milliseconds(sorted.last!))"
    }
}
