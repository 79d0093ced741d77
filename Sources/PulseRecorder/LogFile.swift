import Glibc
import WagonCore

/// One `.csv` pulse log being written: the lines already in the file
/// (`committed` bytes) and the lines waiting in memory (`pending`).
///
/// Lines are only ever written whole, at `committed`, with `pwrite`: a write
/// that fails halfway is cut off again (`ftruncate`) and retried later from
/// the same offset with the same bytes first, so the lines before
/// `committed` are never touched and no partial line stays behind. The file
/// is created at the first write, so that making lines never does I/O.
final class LogFile {
    let name: RecordedFileName
    let path: String
    /// Wall clock (ns) when the file was started, for the age cap.
    let startedAt: Int64
    private var fd: Int32 = -1
    /// The file exists on disk (it may be closed again).
    private var created = false
    /// Bytes in the file, all of them whole lines.
    private(set) var committed: Int64 = 0
    /// Lines not yet written.
    private(set) var pending: [UInt8] = []
    /// Edge lines in the file and in `pending`.
    private(set) var edges = 0
    /// Written since the last `sync()`.
    private var unsynced = false

    init(name: RecordedFileName, directory: String, header: [UInt8], startedAt: Int64) {
        self.name = name
        path = directory + "/" + name.description
        self.startedAt = startedAt
        pending.reserveCapacity(1 << 16)
        pending.append(contentsOf: header)
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Bytes in the file once `pending` is written.
    var size: Int64 { committed + Int64(pending.count) }

    /// Appends `t_ns,channel,level\n` (`time` >= 0), formatted on the stack
    /// and appended in one piece.
    func append(_ edge: Edge, channel: [UInt8]) {
        var digits = 1
        var rest = edge.time / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let length = digits + channel.count + 4
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { line in
            var value = edge.time
            for i in stride(from: digits - 1, through: 0, by: -1) {
                line[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            }
            line[digits] = UInt8(ascii: ",")
            var i = digits + 1
            for byte in channel {
                line[i] = byte
                i += 1
            }
            line[i] = UInt8(ascii: ",")
            line[i + 1] = edge.occupied ? UInt8(ascii: "1") : UInt8(ascii: "0")
            line[i + 2] = UInt8(ascii: "\n")
            pending.append(contentsOf: UnsafeBufferPointer(line))
        }
        edges += 1
    }

    /// Appends `# text\n`; readers skip comments between data lines.
    func appendComment(_ text: String) {
        pending.append(contentsOf: "# \(text)\n".utf8)
    }

    /// Hands `pending` to the kernel, creating the file first if needed.
    /// Returns the number of bytes written.
    @discardableResult
    func flush(directory: DirectoryHandle) throws(RecorderError) -> Int {
        if !created {
            var opened: Int32
            repeat { opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) } while opened < 0 && errno == EINTR
            guard opened >= 0 else { throw .system("cannot create \(path)", errno: errno) }
            fd = opened
            created = true
            // The new name must survive a power cut along with the lines.
            try directory.sync()
        }
        guard !pending.isEmpty else { return 0 }
        let count = pending.count
        let failure: Int32? = pending.withUnsafeBytes { bytes in
            var written = 0
            while written < count {
                let n = pwrite(fd, bytes.baseAddress! + written, count - written, off_t(committed) + off_t(written))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                written += n
            }
            return nil
        }
        if let failure {
            // Cut off what did get written: whole lines only, ever. If even
            // that fails, the retry overwrites the same bytes from `committed`.
            _ = ftruncate(fd, off_t(committed))
            throw .system("cannot write \(path)", errno: failure)
        }
        committed += Int64(count)
        pending.removeAll(keepingCapacity: true)
        unsynced = true
        return count
    }

    /// Forces the written lines to the disk.
    func sync() throws(RecorderError) {
        guard fd >= 0, unsynced else { return }
        guard fdatasync(fd) == 0 else { throw .system("cannot sync \(path)", errno: errno) }
        unsynced = false
    }

    /// Writes, syncs and closes the file; it is then complete on disk.
    func finish(directory: DirectoryHandle) throws(RecorderError) {
        try flush(directory: directory)
        guard fd >= 0 else { return }
        guard fsync(fd) == 0 else { throw .system("cannot sync \(path)", errno: errno) }
        // Linux releases the descriptor even when close reports an error,
        // and the data was synced above: nothing to retry.
        _ = Glibc.close(fd)
        fd = -1
    }

    /// Best effort on the way out without `close()`: whatever can be written
    /// is; the next start repairs and compresses the file.
    func abandon(directory: DirectoryHandle) {
        _ = try? flush(directory: directory)
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
