#if canImport(Glibc)
import Glibc
#endif

/// A failure of the GPIO layer. Its description is the user-facing line,
/// e.g. `cannot request line 'east.A' (GPIO17) on gpiochip0: Device or
/// resource busy`.
public struct GPIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What a caller should do about it (retry logic switches on this only).
    public enum Kind: Sendable, Hashable {
        /// Try again later: the chip went away, the line is busy.
        case transient
        /// The configuration names something that does not exist.
        case misconfigured
        /// Permissions, missing kernel support: a person must act.
        case system
    }

    public var kind: Kind
    public var message: String
    /// The errno behind it, if any.
    public var code: Int32?

    public init(_ kind: Kind, _ message: String, errno code: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
    }

    /// From the current `errno`: `what` says what failed.
    static func system(_ what: String, errno code: Int32 = errno) -> GPIOError {
        let kind: Kind = switch code {
        case EBUSY, ENODEV, EAGAIN, EINTR: .transient
        case ENOENT, EINVAL: .misconfigured
        default: .system
        }
        return GPIOError(kind, "\(what): \(String(cString: strerror(code)))", errno: code)
    }

    public var description: String { message }
}
