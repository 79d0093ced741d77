import CTimex
import WagonControl
#if canImport(Glibc)
import Glibc
#endif

/// Whether the system clock is disciplined (by chrony, ntpd or
/// systemd-timesyncd), read from the kernel with adjtimex(2) in read-only
/// mode: no privilege needed. Train times are only as good as this clock.
public enum KernelClock {
    /// The clock's state now; `unknown` if the kernel will not say (a seccomp
    /// filter, a system without adjtimex).
    public static func read() -> StatusResponse.Clock {
        var state = timex()
        state.modes = 0
        let result = adjtimex(&state)
        guard result >= 0 else { return .unknown }
        return interpret(result: result, status: state.status, estimatedError: Int64(state.esterror),
                         maxError: Int64(state.maxerror), offset: Int64(state.offset))
    }

    /// The kernel flags the clock unsynchronised with STA_UNSYNC (set by the
    /// kernel itself when no daemon has updated `maxerror` for a while) and
    /// returns TIME_ERROR then. The error estimates and the offset mean
    /// something only while a daemon disciplines the clock.
    static func interpret(result: Int32, status: Int32, estimatedError: Int64, maxError: Int64,
                          offset: Int64) -> StatusResponse.Clock {
        guard result != TIME_ERROR, status & STA_UNSYNC == 0 else { return StatusResponse.Clock(synchronised: .no) }
        // `offset` is in nanoseconds when STA_NANO is set, else microseconds.
        let offsetMicroseconds = status & STA_NANO != 0 ? offset / 1000 : offset
        return StatusResponse.Clock(synchronised: .yes, estimatedErrorMicroseconds: estimatedError,
                                    maxErrorMicroseconds: maxError, offsetMicroseconds: offsetMicroseconds)
    }
}
