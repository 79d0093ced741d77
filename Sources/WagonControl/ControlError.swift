/// Why a request failed, as the daemon answers it (`"ok":false`) and as a
/// client finds it in what it reads. The code travels as `error_code`, the
/// message as `error`; the message is meant for people, the code for programs.
public struct ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible code: a daemon newer than its client may send one that
    /// the client does not know, and the client keeps it as it is.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Not JSON, not an object, a key of the wrong type or missing.
        public static let badRequest = Code(rawValue: "bad_request")
        /// The request's protocol version is not one the daemon speaks.
        public static let unsupportedVersion = Code(rawValue: "unsupported_version")
        /// A request name the daemon does not know.
        public static let unknownRequest = Code(rawValue: "unknown_request")
        /// A request the daemon knows but cannot do here (yet).
        public static let notSupported = Code(rawValue: "not_supported")
        /// A request line longer than `ControlProtocol.maxLineBytes`.
        public static let tooLong = Code(rawValue: "too_long")
        /// Too many clients connected at once.
        public static let busy = Code(rawValue: "busy")
        /// The daemon failed to answer (the store could not be read, ...).
        public static let failed = Code(rawValue: "failed")
        /// Client side: the daemon's answer could not be read.
        public static let badResponse = Code(rawValue: "bad_response")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
