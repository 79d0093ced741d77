#if canImport(Glibc)
import Glibc
#endif
import EventStore
import WagonCore

/// The system clocks, read at the edge of the daemon (the core has none).
public enum Clocks {
    public static func realtime() -> Nanoseconds { WallClock.nanoseconds() }
    public static func monotonic() -> Nanoseconds { WallClock.monotonicNanoseconds() }

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
}
