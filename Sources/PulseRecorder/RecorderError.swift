import Glibc

/// A failure of the recorder. Its `description` is the user-facing line,
/// `what failed: why`, e.g. `cannot write /var/lib/wagond/pulses/pulses-
/// 20250301T101500Z.csv: No space left on device`.
///
/// After `.diskFull` and `.io` the recorder stays usable: the edges of the
/// failed call are held in memory (up to `RecorderSettings.maxBufferedBytes`)
/// and written by a later call, and the lines already in the file are never
/// touched. The caller decides what else to do (raise a health event, free
/// space); it must not hand the same edges again.
public struct RecorderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What a caller should do about it (policy switches on this only).
    /// A struct rather than an enum so that kinds can be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let code: UInt8
        /// The disk (or quota) is full: transient, retried by later calls.
        public static let diskFull = Kind(code: 1)
        /// Another read, write, sync or rename failed: transient, retried.
        public static let io = Kind(code: 2)
        /// The directory cannot be made, opened or locked: a person must act.
        public static let misconfigured = Kind(code: 3)
        /// The edges cannot go into a pulse log (time negative or going
        /// backwards); none of that call's edges were recorded.
        public static let rejected = Kind(code: 4)

        public var description: String {
            switch code {
            case 1: return "diskFull"
            case 2: return "io"
            case 3: return "misconfigured"
            default: return "rejected"
            }
        }
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

    public var description: String { message }

    /// `what: strerror(errno)`; ENOSPC and EDQUOT are `.diskFull`.
    static func system(_ what: String, errno code: Int32, kind: Kind? = nil) -> RecorderError {
        let chosen = kind ?? ((code == ENOSPC || code == EDQUOT) ? .diskFull : .io)
        return RecorderError(chosen, "\(what): \(String(cString: strerror(code)))", errno: code)
    }
}
