import Glibc

/// An error reading or writing an edge file. Its `description` is the
/// user-facing contract: `PATH:LINE: message`, or `PATH: message` when no
/// line applies (a file that cannot be opened, a failed write).
public struct PulseLogError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, coarsely, so that a CLI can pick its exit status.
    /// A struct rather than an enum so that kinds can be added without
    /// breaking exhaustive switches.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let code: UInt8
        /// The bytes are not a valid log (sysexits `EX_DATAERR`, 65).
        public static let badData = Kind(code: 1)
        /// The file is missing or unreadable (`EX_NOINPUT`, 66).
        public static let cannotOpen = Kind(code: 2)
        /// Reading or writing failed midway (`EX_IOERR`, 74).
        public static let io = Kind(code: 3)

        /// The sysexits status a command-line tool should exit with.
        public var exitCode: Int32 {
            switch code {
            case 1: return 65
            case 2: return 66
            default: return 74
            }
        }

        public var description: String {
            switch code {
            case 1: return "badData"
            case 2: return "cannotOpen"
            default: return "io"
            }
        }
    }

    public var kind: Kind
    /// The path as given by the user (`<stdin>` for standard input).
    public var path: String
    /// 1-based line number, when the problem is on a line.
    public var line: Int?
    /// What is wrong and, where it helps, what was expected.
    public var message: String

    public init(_ kind: Kind, path: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }

    /// `what: strerror(errno)`, as NIO's `IOError` and the libgpiod tools print it.
    static func system(_ kind: Kind, path: String, _ what: String, errno code: Int32) -> PulseLogError {
        PulseLogError(kind, path: path, message: "\(what): \(String(cString: strerror(code)))")
    }
}
