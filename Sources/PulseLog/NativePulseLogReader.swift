import Glibc
import WagonCore

/// Reads the native pulse log (CSV, version 1; see DESIGN.md) as a stream of
/// edges, in constant memory however large the file.
///
/// The metadata lines (`# key: value` before the first data line) are read by
/// `init`, so `metadata` is available before the first edge. Comments (`#`)
/// and empty lines are allowed anywhere, the header `t_ns,channel,level`
/// before the first data line, `\r\n` line ends everywhere. Any other line
/// that is not `t_ns,channel,level` with a `t_ns` in `Edge.timeRange` (0 to
/// 2^62) that never decreases, a valid channel name and level `0` or `1` is
/// an error `PATH:LINE: message`; nothing is skipped.
public struct NativePulseLogReader: EdgeSource {
    public internal(set) var channels: ChannelTable
    public internal(set) var metadata = PulseLogMetadata()
    /// The path in error messages (`<stdin>` for `-`).
    public var path: String { input.path }

    let input: ByteInput
    var cache = ChannelCache()
    var lastTime: Int64 = 0
    let scratch = EdgeScratch(capacity: 4096)

    static let header: StaticString = "t_ns,channel,level"

    /// Opens `path` (`-` for standard input) and reads its metadata.
    /// `channels` may declare counting points up front to fix their order.
    public init(path: String, channels: ChannelTable = ChannelTable(), bufferSize: Int = 1 << 20) throws {
        try self.init(input: ByteInput(path: path, bufferSize: bufferSize), channels: channels)
    }

    init(input: ByteInput, channels: ChannelTable = ChannelTable()) throws {
        self.input = input
        self.channels = channels
        try readMetadata()
    }

    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        precondition(maxCount > 0, "readEdges needs room for at least one edge")
        edges.reserveCapacity(edges.count + Swift.min(maxCount, 1 << 16))
        var appended = 0
        while appended < maxCount {
            appended += try readBufferedLines(into: &edges, limit: maxCount - appended)
            if appended == maxCount { break }
            if try input.fill() { continue }
            // End of file: the last line may lack its newline.
            guard let line = try input.nextLine() else { break }
            if let edge = try edge(fromLine: line) {
                edges.append(edge)
                appended += 1
            }
        }
        return appended > 0
    }

    /// Reads the leading comment, metadata and header lines and stops before
    /// the first data line.
    private mutating func readMetadata() throws {
        var firstSeen: [String: Int] = [:]
        metadata.origin = PulseLogMetadata.Origin(path: input.path)
        while let line = try input.nextLine() {
            if line.isEmpty || line.equals(Self.header) { continue }
            guard line[0] == ASCII.hash else {
                input.unreadLine()
                return
            }
            guard let (key, value) = Self.metadataEntry(line) else { continue }
            if key == PulseLogMetadata.versionKey || key == PulseLogMetadata.sensorSpacingKey {
                if let first = firstSeen[key] {
                    throw bad("metadata '\(key)' given twice (first on line \(first))")
                }
                firstSeen[key] = input.lineNumber
            }
            if key == PulseLogMetadata.versionKey {
                guard value == "\(PulseLogMetadata.currentVersion)" else {
                    throw bad("unsupported pulse log version '\(quote(value.utf8))' (this reader reads version 1)")
                }
                metadata.version = PulseLogMetadata.currentVersion
            } else if key == PulseLogMetadata.sensorSpacingKey {
                guard let spacing = Double(value), spacing.isFinite, spacing > 0 else {
                    throw bad("sensor_spacing_m must be a positive number of metres, got '\(quote(value.utf8))'")
                }
                metadata.sensorSpacing = spacing
            }
            metadata.entries.append((key, value))
            metadata.origin?.lines[key] = input.lineNumber
        }
    }

    /// `# key: value` with a key of letters, digits, `_`, `-`, `.`; any
    /// other `#` line is a comment (`nil`).
    static func metadataEntry(_ line: UnsafeBufferPointer<UInt8>) -> (String, String)? {
        var i = 1
        while i < line.count && ASCII.isSpace(line[i]) { i += 1 }
        let keyStart = i
        while i < line.count && ASCII.isKeyByte(line[i]) { i += 1 }
        guard i > keyStart, i < line.count, line[i] == ASCII.colon else { return nil }
        let key = UnsafeBufferPointer(rebasing: line[keyStart..<i]).string
        let value = UnsafeBufferPointer(rebasing: line[(i + 1)...]).trimmingSpaces().string
        return (key, value)
    }

    func bad(_ message: String) -> PulseLogError {
        PulseLogError(.badData, path: input.path, line: input.errorLine, message: message)
    }
}
