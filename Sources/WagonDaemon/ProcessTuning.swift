import NIOCore

/// Sizes the process's shared resources for a small box before anything
/// uses them. SwiftNIO's singletons default to one event loop and one
/// blocking thread per core (eight threads on a Raspberry Pi 4); the daemon
/// has a handful of sockets and an outbox whose operations run one at a
/// time anyway, so one of each is plenty and each thread less is stack at idle.
public enum ProcessTuning {
    /// Call first thing in `main`, before any NIO or outbox use: NIO refuses
    /// a change once a singleton exists. The environment variables NIO reads
    /// (`NIO_SINGLETON_GROUP_LOOP_COUNT`, `NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT`)
    /// still win, for tuning on a bigger machine.
    public static func applyForDaemon(environment: [String: String]) {
        if environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil {
            NIOSingletons.groupLoopCountSuggestion = 1
        }
        if environment["NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT"] == nil {
            NIOSingletons.blockingPoolThreadCountSuggestion = 1
        }
    }
}

#if canImport(Glibc)
import Glibc

extension ProcessTuning {
    /// Hands the executable's code pages back to the kernel once the daemon
    /// is up. Start-up (arguments, configuration, TLS, the outbox's checks)
    /// runs code that is never needed again, and the kernel maps code in
    /// 64 KiB runs around each page touched: at idle about two thirds of the
    /// 17 MB of code the process held were never touched again. Pages that
    /// are needed come back from the page cache or the disk on first use.
    /// Returns the bytes of code mapped when it was called, or nil if the
    /// mapping was not found or the kernel (before 5.4) refused.
    @discardableResult
    public static func releaseStartupCode() -> Int? {
        guard let executable = executablePath(), let maps = fileText("/proc/self/maps") else { return nil }
        var released = 0
        for line in maps.split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "r-xp", fields[5...].joined(separator: " ") == executable else {
                continue
            }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                  end > start, let address = UnsafeMutableRawPointer(bitPattern: start)
            else { continue }
            guard madvise(address, Int(end - start), MADV_PAGEOUT) == 0 else { return nil }
            released += Int(end - start)
        }
        return released > 0 ? released : nil
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A small /proc file's text (they report a size of 0, so read to the end).
    private static func fileText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
#endif
