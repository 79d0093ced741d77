#if canImport(Glibc)
import Glibc
#endif

/// The disk's floor under a durable commit: 4 kB written and `fsync`ed, as
/// SQLite (built without HAVE_FDATASYNC, so `fsync`) does to its WAL at each
/// commit with synchronous=FULL. Overwriting blocks in place is SQLite's
/// usual case (the WAL is reused after each checkpoint); appending, which
/// also changes the file's size, is what a growing WAL costs.
public enum DiskProbe {
    public static func overwriteAndSync(in directory: String, count: Int = 200) -> Latencies {
        probe(in: directory, count: count, append: false)
    }

    public static func appendAndSync(in directory: String, count: Int = 200) -> Latencies {
        probe(in: directory, count: count, append: true)
    }

    private static func probe(in directory: String, count: Int, append: Bool) -> Latencies {
        var latencies = Latencies()
        let path = directory + "/fsync-probe"
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return latencies }
        defer {
            close(descriptor)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x5A, count: 4096)
        func write(at index: Int) -> Bool {
            block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(index * 4096)) } == 4096
        }
        if !append {
            for index in 0..<count where !write(at: index) { return latencies }
            guard fsync(descriptor) == 0 else { return latencies }
        }
        for index in 0..<count {
            let start = Stopwatch.now()
            guard write(at: index), fsync(descriptor) == 0 else { return latencies }
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
        return "\(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores, Linux \(release) \(machine), load average \(loadAverage)"
    }

    /// The 1-, 5- and 15-minute load averages: other work on the machine skews every number here.
    public static var loadAverage: String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { Format.decimal($0, 2) }.joined(separator: " ")
    }
}
