#if canImport(Glibc)
import Glibc
#endif

/// The control socket's listening end: a Unix stream socket at a path,
/// non-blocking. It replaces a stale socket file left by a crash, refuses to
/// replace anything else (a live daemon's socket, a regular file), and on
/// close removes the file only if it is still the one it created.
struct ControlListener {
    let path: String
    let descriptor: Int32
    /// Device and inode of the file bound, to recognise it at close.
    private let identity: (dev_t, ino_t)

    /// Binds and listens; the socket file gets `mode` (0660: owner and group).
    init(path: String, mode: mode_t = 0o660, backlog: Int32 = 16) throws(ControlSocketError) {
        self.path = path
        try Self.removeStaleSocket(at: path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                                | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ControlSocketError(path: path, doing: "cannot create a socket for", errno: errno) }
        do throws(ControlSocketError) {
            let bound = try UnixAddress.with(path) { address, length in bind(descriptor, address, length) }
            guard bound == 0 else { throw ControlSocketError(path: path, doing: "cannot bind", errno: errno) }
            // Before anyone may connect: bind made the file with the umask's mode.
            guard chmod(path, mode) == 0 else {
                let code = errno
                unlink(path)
                throw ControlSocketError(path: path, doing: "cannot set the mode of", errno: code)
            }
            guard listen(descriptor, backlog) == 0 else {
                let code = errno
                unlink(path)
                throw ControlSocketError(path: path, doing: "cannot listen on", errno: code)
            }
            var info = stat()
            guard lstat(path, &info) == 0 else {
                throw ControlSocketError(path: path, doing: "cannot inspect", errno: errno)
            }
            identity = (info.st_dev, info.st_ino)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        self.descriptor = descriptor
    }

    /// A connection waiting to be accepted, non-blocking; nil when none is.
    func accept() -> Int32? {
        while true {
            // accept4(2) is not in Swift's Glibc module: set the flags after.
            let client = Glibc.accept(descriptor, nil, nil)
            if client >= 0 {
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                return client
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    /// Stops listening and removes the socket file, unless another process
    /// has replaced it meanwhile (a second daemon started by hand).
    func close() {
        Glibc.close(descriptor)
        var info = stat()
        if lstat(path, &info) == 0, info.st_dev == identity.0, info.st_ino == identity.1 {
            unlink(path)
        }
    }

    /// A socket file nobody listens on is what a crashed daemon leaves:
    /// remove it. A socket somebody answers on, or any other file, stays.
    private static func removeStaleSocket(at path: String) throws(ControlSocketError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFSOCK) else {
            throw ControlSocketError(path: path, message: "exists and is not a socket; not replacing it")
        }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw ControlSocketError(path: path, doing: "cannot create a socket for", errno: errno) }
        defer { Glibc.close(probe) }
        let connected = try UnixAddress.with(path) { address, length in connect(probe, address, length) }
        if connected == 0 {
            throw ControlSocketError(path: path, message: "another process is listening there (is wagond already running?)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ControlSocketError(path: path, doing: "cannot remove the stale socket", errno: errno)
        }
    }
}

/// A `sockaddr_un` for a filesystem path.
enum UnixAddress {
    static func with<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws(ControlSocketError) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ControlSocketError(path: path, message: "a socket path must have 1 to 107 bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}

/// The control socket cannot be opened; the description is a log line.
public struct ControlSocketError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var errno: Int32?

    init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    init(path: String, doing: String, errno: Int32) {
        self.path = path
        self.errno = errno
        var hint = ""
        if errno == ENOENT { hint = " (does the directory exist? systemd makes it with RuntimeDirectory=wagond)" }
        if errno == EACCES { hint = " (may this user write the directory?)" }
        message = "\(doing) \(path): \(String(cString: strerror(errno)))\(hint)"
    }

    public var description: String {
        message.hasPrefix("cannot") ? "control socket: " + message : "control socket \(path): \(message)"
    }
}
