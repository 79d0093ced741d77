import Uplink
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The box's retained status on `wagond/<site>/status`: `online` after each
/// connect, `offline` as the last will (the broker publishes it when the
/// connection dies without a DISCONNECT) and on shutdown. A subscriber that
/// arrives late still gets the current one.
enum MQTTStatus {
    static func online(since nanoseconds: Int64 = wallClockNanoseconds()) -> String {
        #"{"state":"online","since":"\#(RFC3339.format(nanoseconds: nanoseconds))"}"#
    }

    /// The last will, set before connecting.
    static let connectionLost = #"{"state":"offline","reason":"connection lost"}"#
    /// Published by `shutdown()` before a clean DISCONNECT.
    static let shutdown = #"{"state":"offline","reason":"shutdown"}"#

    static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
