/// The `# key: value` lines at the top of a native pulse log.
///
/// ```
/// # wagon-pulse-log: 1
/// # sensor_spacing_m: 0.14
/// # site: border bridge
/// ```
public struct PulseLogMetadata: Sendable, Equatable {
    /// The key of the format version line.
    public static let versionKey = "wagon-pulse-log"
    /// The key of the detector spacing, in metres.
    public static let sensorSpacingKey = "sensor_spacing_m"
    /// The only version this module reads and writes.
    public static let currentVersion = 1

    /// The format version; `nil` when the file has no version line (read as 1).
    public var version: Int?
    /// Distance between the centres of detectors A and B along the rail, in metres.
    public var sensorSpacing: Double?
    /// Every metadata line in file order, including the two above.
    public var entries: [(key: String, value: String)]
    /// Where the entries were read, so that a value found wrong later (out
    /// of a setting's range) is reported at its line; `nil` when built in
    /// code. Not part of equality.
    public var origin: Origin?

    /// The file the metadata came from, and the line of each key's last entry.
    public struct Origin: Sendable, Equatable {
        public var path: String
        public var lines: [String: Int]

        public init(path: String, lines: [String: Int] = [:]) {
            self.path = path
            self.lines = lines
        }
    }

    public init(version: Int? = nil, sensorSpacing: Double? = nil, entries: [(key: String, value: String)] = []) {
        self.version = version
        self.sensorSpacing = sensorSpacing
        self.entries = entries
    }

    /// The value of the last entry named `key`.
    public subscript(key: String) -> String? {
        entries.last(where: { $0.key == key })?.value
    }

    /// Bad data in the value of `key`: `PATH:LINE: message` when the
    /// metadata was read from a file, else `<metadata>: message`.
    public func badValue(of key: String, _ message: String) -> PulseLogError {
        PulseLogError(.badData, path: origin?.path ?? "<metadata>", line: origin?.lines[key], message: message)
    }

    public static func == (lhs: PulseLogMetadata, rhs: PulseLogMetadata) -> Bool {
        lhs.version == rhs.version && lhs.sensorSpacing == rhs.sensorSpacing
            && lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// True when `key` can be written as a metadata key: letters, digits,
    /// `_`, `-` and `.`, at least one.
    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy(ASCII.isKeyByte)
    }
}
