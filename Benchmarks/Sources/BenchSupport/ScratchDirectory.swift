#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory for one run's outbox, removed with everything in it
/// afterwards. Durability numbers mean nothing on tmpfs (fsync does nothing
/// there), so the filesystem is named in the report.
public struct ScratchDirectory {
    public let path: String

    /// A new directory under `parent` (default `$TMPDIR`, else /var/tmp,
    /// which is on disk on most systems where /tmp may be tmpfs).
    public init(under parent: String? = nil, prefix: String = "wagond-bench") {
        let base = parent ?? Self.environment("TMPDIR") ?? "/var/tmp"
        var template = Array((base + "/" + prefix + ".XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            var standardError = StandardError()
            print("benchmark: cannot make a directory under \(base): \(String(cString: strerror(errno)))",
                  to: &standardError)
            exit(74)
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Removes the directory and the files in it (an outbox is a flat directory).
    public func remove() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != ".", name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// `ext4 on /dev/vda mounted on /`: the filesystem holding the directory,
    /// from /proc/self/mountinfo (the longest mount point above the path).
    public var filesystem: String {
        guard let mount = Self.mount(of: path) else { return "unknown filesystem" }
        return "\(mount.type) on \(mount.source) mounted on \(mount.point)"
    }

    public var isTmpfs: Bool { ["tmpfs", "ramfs"].contains(Self.mount(of: path)?.type ?? "") }

    static func mount(of path: String) -> (type: String, source: String, point: String)? {
        let descriptor = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            text += chunk[..<count]
        }
        // Fields: id parent major:minor root mount-point options [optional...] - type source super-options
        var best: (type: String, source: String, point: String)?
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 5, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { continue }
            let point = String(fields[4])
            let isAbove = path == point || path.hasPrefix(point == "/" ? "/" : point + "/")
            if isAbove, point.count >= (best?.point.count ?? 0) {
                best = (String(fields[dash + 1]), String(fields[dash + 2]), point)
            }
        }
        return best
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
