import Glibc

/// The recording directory, held open: locked against a second recorder
/// (`flock` on the directory itself, released when the process dies), synced
/// after names are created, renamed or removed, and listed at start.
final class DirectoryHandle {
    let path: String
    private var fd: Int32

    /// Creates the directory (and its parents) if missing, opens and locks
    /// it; a busy lock is waited for up to `lockGrace` milliseconds.
    init(path: String, lockGrace: Int = DirectoryHandle.lockGraceMilliseconds) throws(RecorderError) {
        self.path = path
        try Self.makeDirectories(path)
        var opened: Int32
        repeat { opened = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } while opened < 0 && errno == EINTR
        guard opened >= 0 else { throw .system("cannot open \(path)", errno: errno, kind: .misconfigured) }
        // `fd` is stored only once all is well: a throw after every stored
        // property is set runs deinit, which would close the descriptor a
        // second time, when its number may be another thread's file.
        guard Self.lock(opened, grace: lockGrace) == 0 else {
            let code = errno
            Glibc.close(opened)
            if code == EWOULDBLOCK {
                throw RecorderError(.misconfigured, "cannot record into \(path): another recorder is using it", errno: code)
            }
            throw .system("cannot lock \(path)", errno: code, kind: .misconfigured)
        }
        guard access(path, W_OK) == 0 else {
            let code = errno
            Glibc.close(opened)
            throw .system("cannot write into \(path)", errno: code, kind: .misconfigured)
        }
        fd = opened
    }

    deinit { close() }

    /// Releases the lock.
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Makes created, renamed and removed names durable.
    func sync() throws(RecorderError) {
        guard fsync(fd) == 0 else { throw .system("cannot sync \(path)", errno: errno) }
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// The names in the directory, `.` and `..` left out.
    func names() throws(RecorderError) -> [String] {
        guard let listing = opendir(path) else { throw .system("cannot list \(path)", errno: errno, kind: .misconfigured) }
        defer { closedir(listing) }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Takes the lock, waiting up to `grace` milliseconds for it. A lock can
    /// be busy for a moment without a second recorder: a child that any
    /// thread of this process is spawning holds a copy of every descriptor
    /// until its exec closes them, and a recorder that is exiting holds it
    /// until it is gone. Returns flock's result, with errno set on failure.
    private static func lock(_ fd: Int32, grace: Int) -> Int32 {
        let retryMilliseconds = 5
        var waited = 0
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return 0 }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR, waited < grace else { return -1 }
            usleep(useconds_t(retryMilliseconds * 1000))
            waited += retryMilliseconds
        }
    }

    /// How long a busy lock is waited for before another recorder is assumed.
    static let lockGraceMilliseconds = 250

    private static func makeDirectories(_ path: String) throws(RecorderError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .system("cannot create \(prefix)", errno: errno, kind: .misconfigured)
            }
        }
    }
}
