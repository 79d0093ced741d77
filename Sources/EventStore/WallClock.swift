#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system clocks in nanoseconds: the store's bookkeeping (attempt times,
/// oldest event age), and every module above it that needs "now" (the
/// uplinks, the daemon's `Clocks`, wagonctl's ages).
public enum WallClock {
    /// CLOCK_REALTIME: Unix time.
    public static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// CLOCK_MONOTONIC: never steps, for durations.
    public static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
