#if canImport(Glibc)
import Glibc
#endif
import WagonCore

/// The system clocks, read at the edge of the daemon (the core has none).
public enum Clocks {
    public static func realtime() -> Nanoseconds { read(CLOCK_REALTIME) }
    public static func monotonic() -> Nanoseconds { read(CLOCK_MONOTONIC) }

    /// Add to a CLOCK_MONOTONIC time to get Unix time, as of now. Read per
    /// event, so a clock stepped by NTP after boot is picked up.
    public static func monotonicToWallOffset() -> Nanoseconds { realtime() - monotonic() }

    /// Days since the epoch of the local calendar day at `time` (Unix ns),
    /// for "trains today" (localtime_r honours TZ and /etc/localtime).
    public static func localDay(of time: Nanoseconds) -> Int64 {
        var seconds = time_t(time / 1_000_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return (Int64(seconds) + Int64(parts.tm_gmtoff)) / 86_400
    }

    private static func read(_ clock: clockid_t) -> Nanoseconds {
        var now = timespec()
        clock_gettime(clock, &now)
        return Nanoseconds(now.tv_sec) * 1_000_000_000 + Nanoseconds(now.tv_nsec)
    }
}
