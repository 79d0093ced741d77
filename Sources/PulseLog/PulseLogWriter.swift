import Glibc
import WagonCore

/// Writes a native pulse log (version 1) through a buffer: the version and
/// metadata lines, the header `t_ns,channel,level`, then one line per edge.
///
/// Edges must come with non-decreasing times in `Edge.timeRange` (0 to
/// 2^62), as every reader of the format demands; anything else throws rather
/// than write a file that cannot be read back. Errors are `PulseLogError` of
/// kind `.io` (with the system's reason) or `.badData`. Call `close()` to
/// learn about the last write; `deinit` only releases the descriptor.
public final class PulseLogWriter {
    /// Names detectors in the output; update it if new points appear. The
    /// default knows the single unnamed point, whose channels are `A` and `B`.
    public var channels: ChannelTable { didSet { names = [] } }
    /// The path in error messages (`<stdout>` for standard output).
    public let path: String

    private var fd: Int32
    private let ownsDescriptor: Bool
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0
    private var wroteHeader = false
    private var lastTime: Int64 = 0
    /// Channel name bytes by detector raw value, built on first use.
    private var names: [[UInt8]?] = []

    /// Creates (or truncates) `path`; `-` is standard output.
    public convenience init(path: String, channels: ChannelTable = ChannelTable(pointNames: [""]), bufferSize: Int = 1 << 16) throws {
        if path == "-" {
            self.init(fileDescriptor: STDOUT_FILENO, closeWhenDone: false, path: "<stdout>", channels: channels, bufferSize: bufferSize)
            return
        }
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) } while fd < 0 && errno == EINTR
        if fd < 0 { throw PulseLogError.system(.cannotOpen, path: path, "cannot create", errno: errno) }
        self.init(fileDescriptor: fd, closeWhenDone: true, path: path, channels: channels, bufferSize: bufferSize)
    }

    /// Writes to an open descriptor, closed by `close()` only if `closeWhenDone`.
    public init(fileDescriptor: Int32, closeWhenDone: Bool, path: String, channels: ChannelTable = ChannelTable(pointNames: [""]), bufferSize: Int = 1 << 16) {
        precondition(bufferSize >= 64, "a pulse log writer needs a buffer of at least 64 bytes")
        self.fd = fileDescriptor
        self.ownsDescriptor = closeWhenDone
        self.path = path
        self.channels = channels
        self.capacity = bufferSize
        buffer = .allocate(capacity: bufferSize)
    }

    deinit {
        if ownsDescriptor && fd >= 0 { Glibc.close(fd) }
        buffer.deallocate()
    }

    /// Writes `# wagon-pulse-log: 1`, `# sensor_spacing_m: …` when given, the
    /// other entries of `metadata` in order, and the header line. Call it
    /// once, before the first edge; without it the first edge writes the
    /// version and header lines alone.
    public func writeHeader(_ metadata: PulseLogMetadata = PulseLogMetadata()) throws {
        precondition(!wroteHeader, "writeHeader must come once, before the first edge")
        wroteHeader = true
        for line in try Self.headerLines(metadata, path: path) { try writeLine(line) }
    }

    /// The lines `writeHeader` writes, without their newlines, for writers
    /// that manage their own files (the recorder starts every file with
    /// them). Invalid metadata is `.badData` naming `path`.
    public static func headerLines(_ metadata: PulseLogMetadata, path: String) throws -> [String] {
        var lines = ["# \(PulseLogMetadata.versionKey): \(PulseLogMetadata.currentVersion)"]
        if let spacing = metadata.sensorSpacing {
            guard spacing.isFinite && spacing > 0 else {
                throw PulseLogError(.badData, path: path, message: "sensor spacing must be a positive number of metres, got \(spacing)")
            }
            lines.append("# \(PulseLogMetadata.sensorSpacingKey): \(spacing)")
        }
        for (key, value) in metadata.entries
        where key != PulseLogMetadata.versionKey && key != PulseLogMetadata.sensorSpacingKey {
            guard PulseLogMetadata.isValidKey(key) else {
                throw PulseLogError(.badData, path: path, message: "metadata key '\(quote(key.utf8))' must be letters, digits, '_', '-' or '.'")
            }
            guard !value.utf8.contains(where: { $0 == ASCII.newline || $0 == ASCII.carriageReturn }) else {
                throw PulseLogError(.badData, path: path, message: "metadata value of '\(key)' must be one line")
            }
            lines.append("# \(key): \(value)")
        }
        lines.append("t_ns,channel,level")
        return lines
    }

    /// Appends one edge line.
    public func write(_ edge: Edge) throws {
        if !wroteHeader { try writeHeader() }
        guard edge.time >= lastTime else {
            let what = edge.time < 0 ? "is negative" : "goes backwards (after \(lastTime))"
            throw PulseLogError(.badData, path: path, message: "edge time \(edge.time) \(what); pulse logs need non-decreasing t_ns >= 0")
        }
        guard edge.time <= TimeLimit.latest else {
            throw PulseLogError(.badData, path: path, message: "edge time \(edge.time) is \(TimeLimit.pastTheEnd); no reader would accept it")
        }
        lastTime = edge.time
        let raw = Int(edge.detector.rawValue)
        if raw >= names.count || names[raw] == nil { cacheName(of: edge.detector) }
        let name = names[raw]!
        // 19 digits, the name, two commas, the level and a newline.
        if capacity - used < name.count + 23 { try flush() }
        var p = buffer + used
        p += Self.format(edge.time, into: p)
        p.pointee = ASCII.comma
        p += 1
        name.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: $0.count) }
        p += name.count
        p[0] = ASCII.comma
        p[1] = edge.occupied ? ASCII.one : ASCII.zero
        p[2] = ASCII.newline
        used = p + 3 - buffer
    }

    public func write(_ edges: some Sequence<Edge>) throws {
        for edge in edges { try write(edge) }
    }

    /// Hands the buffered bytes to the kernel.
    public func flush() throws {
        var offset = 0
        while offset < used {
            let n = Glibc.write(fd, buffer + offset, used - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                used = 0
                throw PulseLogError.system(.io, path: path, "write failed", errno: code)
            }
            offset += n
        }
        used = 0
    }

    /// Flushes, then closes the descriptor if this writer owns it.
    public func close() throws {
        if !wroteHeader { try writeHeader() }
        try flush()
        guard ownsDescriptor && fd >= 0 else { return }
        let result = Glibc.close(fd)
        fd = -1
        if result != 0 { throw PulseLogError.system(.io, path: path, "close failed", errno: errno) }
    }

    private func writeLine(_ text: String) throws {
        for byte in text.utf8 {
            if used == capacity { try flush() }
            buffer[used] = byte
            used += 1
        }
        if used == capacity { try flush() }
        buffer[used] = ASCII.newline
        used += 1
    }

    private func cacheName(of detector: Detector) {
        let raw = Int(detector.rawValue)
        if raw >= names.count { names += Array(repeating: nil, count: raw + 1 - names.count) }
        names[raw] = Array(channels.channelName(of: detector).utf8)
    }

    /// Writes the decimal digits of `value` (>= 0) at `p`; returns their count.
    @inline(__always)
    static func format(_ value: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var v = value
        var i = digits - 1
        while i >= 0 {
            p[i] = ASCII.zero &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            i -= 1
        }
        return digits
    }
}
