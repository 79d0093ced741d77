#if canImport(Glibc)
import Glibc
#endif

/// The disk's floor under a durable commit: a 4 kB append followed by
/// `fdatasync`, as SQLite does to its WAL at each commit with synchronous=FULL.
public enum DiskProbe {
    public static func appendAndSync(in directory: String, count: Int = 200) -> Latencies {
        var latencies = Latencies()
        let path = directory + "/fsync-probe"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return latencies }
        defer {
            close(descriptor)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x5A, count: 4096)
        for index in 0..<count {
            let start = Stopwatch.now()
            let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(index * 4096)) }
            guard written == 4096, fdatasync(descriptor) == 0 else { return latencies }
            latencies.add(Stopwatch.now() - start)
        }
        return latencies
    }
}

/// One line about where a benchmark runs.
public enum Machine {
    public static var summary: String {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let machine = withUnsafeBytes(of: name.machine) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        return "\(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores, Linux \(release) \(machine)"
    }
}
