import Foundation

/// Catches a descriptor closed twice. A second `close` of a number that
/// another thread has just been given closes that thread's file: its next
/// read fails with EBADF, or worse, reads someone else's. While `body` runs,
/// a watcher thread opens `/dev/null` again and again (the kernel hands out
/// the lowest free number, so it gets the one just freed) and checks it is
/// still its own before closing it. Returns how often it was not.
public func descriptorsClosedUnderAnotherThread(while body: () -> Void) -> Int {
    let watcher = DescriptorWatcher()
    let thread = Thread { watcher.run() }
    thread.start()
    watcher.waitUntilRunning()
    body()
    return watcher.stop()
}

private final class DescriptorWatcher: @unchecked Sendable {
    private let lock = NSCondition()
    private var running = false
    private var stopping = false
    private var stopped = false
    private var stolen = 0

    func run() {
        var null = stat()
        precondition(stat("/dev/null", &null) == 0, "cannot stat /dev/null")
        lock.withLock { running = true; lock.broadcast() }
        var count = 0
        while lock.withLock({ !stopping }) {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            precondition(fd >= 0, "cannot open /dev/null")
            // A few checks, so the descriptor is held across the other
            // thread's window, not only for the instant of one call.
            for _ in 0..<4 {
                var seen = stat()
                if fstat(fd, &seen) != 0 || seen.st_rdev != null.st_rdev || seen.st_ino != null.st_ino {
                    count += 1
                    break
                }
            }
            close(fd)
        }
        lock.withLock { stolen = count; stopped = true; lock.broadcast() }
    }

    func waitUntilRunning() {
        lock.withLock { while !running { lock.wait() } }
    }

    func stop() -> Int {
        lock.withLock {
            stopping = true
            while !stopped { lock.wait() }
            return stolen
        }
    }
}
