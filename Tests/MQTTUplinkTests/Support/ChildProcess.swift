import Foundation

/// A child process started with posix_spawn, with a clean signal mask,
/// default signal actions and no descriptors but its standard ones.
/// Foundation's `Process` passes on the spawning thread's mask: from a Swift
/// concurrency thread SIGTERM arrives blocked and mosquitto never stops; and
/// this process ignores SIGPIPE (the uplink's doing).
final class ChildProcess {
    let pid: pid_t
    private var exitStatus: Int32?

    /// Starts `path`; its standard output goes to `output`, its standard
    /// error to `errors`, or nowhere.
    init(_ path: String, _ arguments: [String], output: Int32? = nil, errors: Int32? = nil) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, source) in [(Int32(1), output), (2, errors)] {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        // Nothing else of ours: a broker holding a copy of the uplink's
        // socket would keep the connection open after the uplink closed it.
        // (glibc 2.34 has it; Swift's Glibc module does not show it.)
        guard let closeFrom = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            throw BrokerError("this libc has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later needed)")
        }
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard result == 0 else { throw BrokerError("cannot start \(path): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    func signal(_ number: Int32) {
        if isRunning { kill(pid, number) }
    }

    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
        return exitStatus == nil
    }

    /// Waits for the end; the raw wait status (0 is a clean exit).
    @discardableResult
    func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        exitStatus = status
        return status
    }

    /// Runs `path` to its end; its exit status and what it wrote (with its
    /// errors if `withErrors`).
    static func run(_ path: String, _ arguments: [String], withErrors: Bool = true) throws -> (status: Int32, output: String) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw BrokerError("pipe failed: errno \(errno)") }
        let child: ChildProcess
        do {
            child = try ChildProcess(path, arguments, output: ends[1], errors: withErrors ? ends[1] : nil)
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[1])
        let reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        let output = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        return (child.wait(), output)
    }
}
