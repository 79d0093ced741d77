/// An uplink cannot start with this configuration: a file it needs is
/// missing, unreadable or not what it should be, or settings are out of
/// range or contradict each other. The description names the uplink, the
/// setting and the path, never a secret.
public struct UplinkConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of mistake it is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unsupportedURL = "unsupported URL"
            case unreadableFile = "unreadable file"
            case invalidFileContent = "invalid file content"
            case conflictingSettings = "conflicting settings"
            case missingEnvironment = "missing environment"
            case invalidSetting = "invalid setting"
        }
        private let kind: Kind

        /// The URL is not `http://…` or `https://…` with a host.
        public static let unsupportedURL = Code(kind: .unsupportedURL)
        /// A file is missing or cannot be read.
        public static let unreadableFile = Code(kind: .unreadableFile)
        /// A file was read but holds no usable token, password, certificate or key.
        public static let invalidFileContent = Code(kind: .invalidFileContent)
        /// Two settings exclude or need each other.
        public static let conflictingSettings = Code(kind: .conflictingSettings)
        /// A variable the setting relies on (`CREDENTIALS_DIRECTORY`) is not set.
        public static let missingEnvironment = Code(kind: .missingEnvironment)
        /// A value is empty or out of range.
        public static let invalidSetting = Code(kind: .invalidSetting)

        public var description: String { kind.rawValue }
    }

    /// Which uplink: `http`, `mqtt`.
    public var uplink: String
    public var code: Code
    /// The file concerned, if any.
    public var path: String?
    /// One sentence for the technician, with the path in it.
    public var message: String

    public init(uplink: String, code: Code, path: String? = nil, message: String) {
        self.uplink = uplink
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { uplink + " uplink: " + message }
}
