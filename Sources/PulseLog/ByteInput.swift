import Glibc

/// A file descriptor (or, for tests and fuzzing, a byte array) read through
/// one reusable buffer, so that memory stays constant on multi-GB files.
/// A file or byte array that starts with the gzip magic number is
/// decompressed on the way in (`GzipInflater`), so readers see the text and
/// count its lines. Standard input is never inflated (`zcat` first): a pipe
/// cannot be peeked at.
///
/// Readers either take whole lines with `nextLine()` or, on the hot path,
/// parse the complete lines in `buffer[start..<end]` in place and call
/// `fill()` when they need more. A line may straddle two reads: `fill()`
/// moves the unconsumed tail to the front before reading more.
final class ByteInput {
    /// The name used in error messages (`<stdin>` for `-`).
    let path: String
    /// `capacity` bytes plus `padding` zeroed bytes, so that a parser may load
    /// 8 bytes at any position before `end` without leaving the allocation.
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// First unconsumed byte.
    var start = 0
    /// End of the valid bytes.
    private(set) var end = 0
    /// True once the source has reported end of file.
    private(set) var atEnd = false
    /// Number of lines consumed so far; while a line is being handled, its
    /// 1-based number.
    var lineNumber = 0
    /// The line an error is at: the one last read; none in an empty input.
    var errorLine: Int? { lineNumber > 0 ? lineNumber : nil }
    /// A line may grow the buffer up to this length, then it is an error.
    let maxLineLength: Int

    static let padding = 16
    static let defaultBufferSize = 1 << 20

    private enum Source {
        case descriptor(Int32, owned: Bool)
        case memory([UInt8])
    }
    private let source: Source
    private let inflater: GzipInflater?
    private var memoryOffset = 0
    private var lastLineStart = 0

    /// Opens `path` for reading; `-` is standard input.
    convenience init(path: String, bufferSize: Int = ByteInput.defaultBufferSize) throws {
        if path == "-" {
            self.init(source: .descriptor(STDIN_FILENO, owned: false), path: "<stdin>", bufferSize: bufferSize)
            return
        }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        if fd < 0 { throw PulseLogError.system(.cannotOpen, path: path, "cannot open", errno: errno) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw PulseLogError(.cannotOpen, path: path, message: "cannot read: Is a directory")
        }
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        // Peek without moving the offset: only regular files can be peeked at.
        var magic: (UInt8, UInt8) = (0, 0)
        let gzip = (info.st_mode & S_IFMT) == S_IFREG && pread(fd, &magic, 2, 0) == 2
            && GzipInflater.isGzip(magic.0, magic.1)
        self.init(source: .descriptor(fd, owned: true), path: path, bufferSize: bufferSize, gzip: gzip)
    }

    /// Reads an already open descriptor, which is closed at the end only if `owned`.
    convenience init(fileDescriptor: Int32, owned: Bool, path: String, bufferSize: Int = ByteInput.defaultBufferSize) {
        self.init(source: .descriptor(fileDescriptor, owned: owned), path: path, bufferSize: bufferSize, gzip: false)
    }

    /// Reads bytes from memory, handed out `bufferSize` at a time like a file.
    /// Gzip bytes are decompressed, like a `.gz` file.
    convenience init(bytes: [UInt8], path: String, bufferSize: Int = ByteInput.defaultBufferSize) {
        let gzip = bytes.count >= 2 && GzipInflater.isGzip(bytes[0], bytes[1])
        self.init(source: .memory(bytes), path: path, bufferSize: bufferSize, gzip: gzip)
    }

    private init(source: Source, path: String, bufferSize: Int, gzip: Bool = false) {
        precondition(bufferSize >= 1, "a read buffer needs at least one byte")
        inflater = gzip ? GzipInflater(path: path) : nil
        self.source = source
        self.path = path
        capacity = bufferSize
        maxLineLength = max(bufferSize, 1 << 20)
        buffer = .allocate(capacity: bufferSize + Self.padding)
        buffer.initialize(repeating: 0, count: bufferSize + Self.padding)
    }

    deinit {
        if case .descriptor(let fd, owned: true) = source { close(fd) }
        buffer.deallocate()
    }

    /// Reads more bytes after `end`, first moving `start..<end` to the front.
    /// Returns `false` at end of file (nothing was added).
    func fill() throws -> Bool {
        if atEnd { return false }
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            lastLineStart -= start
            end = remaining
            start = 0
        }
        if end == capacity { try grow() }
        let count = try readSome(into: buffer + end, count: capacity - end)
        if count == 0 {
            atEnd = true
            return false
        }
        end += count
        return true
    }

    /// The next line without its `\n` (and without a `\r` before it), or
    /// `nil` at end of file. The bytes stay valid until the next call that
    /// reads (`nextLine`, `fill`).
    func nextLine() throws -> UnsafeBufferPointer<UInt8>? {
        var scanned = 0
        while true {
            let from = start + scanned
            if from < end, let found = memchr(buffer + from, 0x0A, end - from) {
                let newline = found.assumingMemoryBound(to: UInt8.self) - buffer
                return takeLine(upTo: newline, next: newline + 1)
            }
            scanned = end - start
            if try !fill() {
                if start == end { return nil }
                return takeLine(upTo: end, next: end)
            }
        }
    }

    /// Puts back the line just returned by `nextLine()`; only valid before
    /// anything else is read.
    func unreadLine() {
        start = lastLineStart
        lineNumber -= 1
    }

    private func takeLine(upTo lineEnd: Int, next: Int) -> UnsafeBufferPointer<UInt8> {
        var stop = lineEnd
        if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
        let line = UnsafeBufferPointer(start: buffer + start, count: stop - start)
        lastLineStart = start
        start = next
        lineNumber += 1
        return line
    }

    private func grow() throws {
        guard capacity < maxLineLength else {
            throw PulseLogError(.badData, path: path, line: lineNumber + 1,
                                message: "line is longer than \(maxLineLength) bytes")
        }
        let newCapacity = min(capacity * 2, maxLineLength)
        let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + Self.padding)
        newBuffer.initialize(repeating: 0, count: newCapacity + Self.padding)
        newBuffer.update(from: buffer, count: end)
        buffer.deallocate()
        buffer = newBuffer
        capacity = newCapacity
    }

    private func readSome(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        guard let inflater else { return try readRaw(into: destination, count: count) }
        return try inflater.read(into: destination, count: count) { try readRaw(into: $0, count: $1) }
    }

    /// The source's bytes as stored (compressed, for gzip).
    private func readRaw(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        switch source {
        case .memory(let bytes):
            let n = min(count, bytes.count - memoryOffset)
            if n > 0 {
                bytes.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + memoryOffset, count: n) }
            }
            memoryOffset += n
            return n
        case .descriptor(let fd, _):
            while true {
                let n = read(fd, destination, count)
                if n >= 0 { return n }
                if errno == EINTR { continue }
                throw PulseLogError.system(.io, path: path, "read failed", errno: errno)
            }
        }
    }
}
