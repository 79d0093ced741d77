import CZlib
import Glibc

/// Takes a closed `.csv` to its final form, a slice at a time, so that the
/// counting loop never stalls on a whole file:
///
/// 1. `repair` (leftovers of a previous run only): cut the file back to its
///    last complete line. A power cut can leave a half-written last line, or
///    a tail of zeros on some filesystems; everything up to the last `\n` was
///    written as whole lines, in order. A file left empty is removed.
/// 2. gzip it (streaming deflate, constant memory) to a hidden temporary
///    `.pulses-….csv.gz.tmp`, `fsync` it, rename it to `….csv.gz`, sync the
///    directory, and only then remove the `.csv`. A power cut at any point
///    leaves the `.csv`, or a complete `.csv.gz` (and perhaps the `.csv`,
///    which the next start removes), never half of one.
///
/// Any failure abandons the gzip (the temporary is removed) and the next
/// `advance` starts it again from the beginning: the `.csv` is untouched
/// until the `.csv.gz` is safe.
final class FileFinisher {
    let name: RecordedFileName
    private let source: String
    private let target: String
    private let temporary: String
    private var needsRepair: Bool
    private let compress: Bool

    private var input: Int32 = -1
    private var output: Int32 = -1
    private var stream: UnsafeMutablePointer<z_stream>?
    private var inputBuffer: UnsafeMutablePointer<UInt8>?
    private var outputBuffer: UnsafeMutablePointer<UInt8>?
    private static let chunk = 1 << 16

    /// Size of the `.csv` (after repair).
    private(set) var sourceBytes: Int64
    /// Size of the `.csv.gz`, once written.
    private(set) var targetBytes: Int64 = 0
    /// Bytes cut off by the repair.
    private(set) var repairedBytes: Int64 = 0
    /// The file is in its final form.
    private(set) var isDone = false
    /// The repair left nothing (a power cut right after the file was
    /// created), so the file was removed rather than kept empty.
    private(set) var wasRemoved = false

    init(name: RecordedFileName, directory: String, bytes: Int64, repair: Bool, compress: Bool) {
        precondition(!name.compressed, "only a .csv is finished")
        self.name = name
        source = directory + "/" + name.description
        target = directory + "/" + name.gzipped.description
        temporary = directory + "/." + name.gzipped.description + ".tmp"
        sourceBytes = bytes
        needsRepair = repair
        self.compress = compress
    }

    deinit { abandon() }

    /// The file's final name.
    var result: RecordedFileName { compress ? name.gzipped : name }
    /// Bytes it takes now.
    var bytesOnDisk: Int64 { isDone && compress ? targetBytes : sourceBytes + targetBytes }

    /// Does about `budget` bytes of work; returns the bytes read and whether
    /// the file is now in its final form.
    func advance(budget: Int, directory: DirectoryHandle) throws(RecorderError) -> (bytes: Int, done: Bool) {
        if needsRepair {
            try repair()
            if sourceBytes == 0 {
                // Not even a header: nothing to replay, and a first file
                // without metadata would lose replay its geometry.
                guard unlink(source) == 0 || errno == ENOENT else { throw .system("cannot remove \(source)", errno: errno) }
                wasRemoved = true
                isDone = true
                return (0, true)
            }
            needsRepair = false
        }
        guard compress else {
            isDone = true
            return (0, true)
        }
        do throws(RecorderError) {
            if stream == nil { try start() }
            var consumed = 0
            while consumed < budget {
                let n = read(input, inputBuffer!, Self.chunk)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .system("cannot read \(source)", errno: errno)
                }
                if n == 0 {
                    try finish(directory: directory)
                    isDone = true
                    return (consumed, true)
                }
                try deflateChunk(count: n, flush: Z_NO_FLUSH)
                consumed += n
            }
            return (consumed, false)
        } catch {
            abandon()
            throw error
        }
    }

    private func repair() throws(RecorderError) {
        let fd = open(source, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw .system("cannot open \(source) to repair it", errno: errno) }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("cannot stat \(source)", errno: errno) }
        let size = Int64(info.st_size)
        // Search backwards for the last newline.
        var keep: Int64 = 0
        var end = size
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        search: while end > 0 {
            let start = max(0, end - Int64(buffer.count))
            let count = Int(end - start)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
            guard n == count else { throw .system("cannot read \(source)", errno: n < 0 ? errno : EIO) }
            for i in stride(from: count - 1, through: 0, by: -1) where buffer[i] == UInt8(ascii: "\n") {
                keep = start + Int64(i) + 1
                break search
            }
            end = start
        }
        if keep < size {
            guard ftruncate(fd, off_t(keep)) == 0 else { throw .system("cannot repair \(source)", errno: errno) }
            guard fsync(fd) == 0 else { throw .system("cannot sync \(source)", errno: errno) }
            repairedBytes = size - keep
        }
        sourceBytes = keep
    }

    private func start() throws(RecorderError) {
        input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .system("cannot open \(source)", errno: errno) }
        _ = posix_fadvise(input, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .system("cannot create \(temporary)", errno: errno) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: the largest window, with a gzip header and trailer.
        let result = deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard result == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw RecorderError(.io, "cannot compress \(source): zlib error \(result)")
        }
        self.stream = stream
        inputBuffer = .allocate(capacity: Self.chunk)
        outputBuffer = .allocate(capacity: Self.chunk)
        targetBytes = 0
    }

    /// Feeds `count` bytes of the input buffer to deflate and writes what
    /// comes out; returns deflate's last result.
    @discardableResult
    private func deflateChunk(count: Int, flush: Int32) throws(RecorderError) -> Int32 {
        let stream = stream!
        stream.pointee.next_in = inputBuffer
        stream.pointee.avail_in = uInt(count)
        var result: Int32
        // Until deflate leaves room in the output buffer: then it has taken
        // all the input (and, with Z_FINISH, written the trailer).
        repeat {
            stream.pointee.next_out = outputBuffer
            stream.pointee.avail_out = uInt(Self.chunk)
            result = deflate(stream, flush)
            guard result != Z_STREAM_ERROR else {
                throw RecorderError(.io, "cannot compress \(source): zlib error \(result)")
            }
            try writeAll(outputBuffer!, Self.chunk - Int(stream.pointee.avail_out))
        } while stream.pointee.avail_out == 0
        return result
    }

    private func writeAll(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) throws(RecorderError) {
        var written = 0
        while written < count {
            let n = write(output, bytes + written, count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("cannot write \(temporary)", errno: errno)
            }
            written += n
        }
        targetBytes += Int64(count)
    }

    private func finish(directory: DirectoryHandle) throws(RecorderError) {
        guard try deflateChunk(count: 0, flush: Z_FINISH) == Z_STREAM_END else {
            throw RecorderError(.io, "cannot compress \(source): the gzip stream did not end")
        }
        guard fsync(output) == 0 else { throw .system("cannot sync \(temporary)", errno: errno) }
        let closed = Glibc.close(output)
        output = -1
        guard closed == 0 else { throw .system("cannot close \(temporary)", errno: errno) }
        guard rename(temporary, target) == 0 else { throw .system("cannot rename \(temporary) to \(target)", errno: errno) }
        // The .gz must be in the directory for good before the .csv goes.
        try directory.sync()
        release()
        guard unlink(source) == 0 || errno == ENOENT else { throw .system("cannot remove \(source)", errno: errno) }
        // Best effort: should the removal be lost, the next start sees the
        // .csv beside its .csv.gz and removes it then.
        try? directory.sync()
    }

    /// Drops a gzip in progress and its temporary file.
    private func abandon() {
        if output >= 0 {
            Glibc.close(output)
            output = -1
            unlink(temporary)
        }
        release()
        targetBytes = 0
    }

    private func release() {
        if input >= 0 { Glibc.close(input) }
        input = -1
        if let stream {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        stream = nil
        inputBuffer?.deallocate()
        inputBuffer = nil
        outputBuffer?.deallocate()
        outputBuffer = nil
    }
}
