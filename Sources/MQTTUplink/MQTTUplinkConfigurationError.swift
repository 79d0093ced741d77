/// The MQTT uplink cannot start with this configuration: a file it needs is
/// missing or unreadable, or settings are out of range or contradict each
/// other. The description names the setting and the path, never a secret.
public struct MQTTUplinkConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of mistake it is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unreadableFile = "unreadable file"
            case conflictingSettings = "conflicting settings"
            case invalidSetting = "invalid setting"
        }
        private let kind: Kind

        /// A file is missing or cannot be read.
        public static let unreadableFile = Code(kind: .unreadableFile)
        /// Two settings exclude or need each other.
        public static let conflictingSettings = Code(kind: .conflictingSettings)
        /// A value is empty or out of range.
        public static let invalidSetting = Code(kind: .invalidSetting)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// The file concerned, if any.
    public var path: String?
    /// One sentence for the technician, with the path in it.
    public var message: String

    public init(code: Code, path: String? = nil, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "mqtt uplink: " + message }
}
