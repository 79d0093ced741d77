#if canImport(Glibc)
import Glibc
#endif

/// This process's memory as Linux reports it in /proc/self/status.
public enum ProcessMemory {
    /// Resident set size now (`VmRSS`), bytes.
    public static func resident() -> Int { field("VmRSS:") }

    /// Peak resident set size (`VmHWM`), bytes: since the start, or since
    /// the last `resetPeak()`.
    public static func peak() -> Int { field("VmHWM:") }

    /// Sets `VmHWM` back to the current RSS (writing 5 to
    /// /proc/self/clear_refs, Linux 4.0+), so a phase's own peak can be read.
    @discardableResult
    public static func resetPeak() -> Bool {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return write(descriptor, "5", 1) == 1
    }

    /// Bytes this process has caused to be written to storage so far
    /// (`write_bytes` of /proc/self/io: page-cache pages it dirtied, so a
    /// page rewritten before writeback counts each time).
    public static func storageWrites() -> Int { field("write_bytes:", file: "/proc/self/io", unit: 1) }

    /// A line of /proc/self/status (kB) or another `name: value` file, in bytes; 0 if it cannot be read.
    static func field(_ name: String, file: String = "/proc/self/status", unit: Int = 1024) -> Int {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let text = String(decoding: bytes[..<count], as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).filter { $0.isNumber }
            return (Int(number) ?? 0) * unit
        }
        return 0
    }
}

/// Samples `VmRSS` every `interval` until cancelled, and returns the largest value seen.
///
///     let sampler = RSSSampler.start()
///     … work …
///     let (peak, samples) = await sampler.stop()
public struct RSSSampler: Sendable {
    private let task: Task<(peak: Int, samples: Int), Never>

    public static func start(every interval: Duration = .milliseconds(10)) -> RSSSampler {
        RSSSampler(task: Task {
            var peak = 0
            var samples = 0
            while !Task.isCancelled {
                peak = max(peak, ProcessMemory.resident())
                samples += 1
                try? await Task.sleep(for: interval)
            }
            return (peak, samples)
        })
    }

    public func stop() async -> (peak: Int, samples: Int) {
        task.cancel()
        let result = await task.value
        return (max(result.peak, ProcessMemory.resident()), result.samples + 1)
    }
}
