#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory for one run's outbox, removed with everything in it
/// afterwards. Durability numbers mean nothing on tmpfs (fsync does nothing
/// there), so the filesystem type is named for the report.
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
        path = String(cString: template)
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

    /// `ext4 (/var/tmp)`-style: the filesystem type of the directory.
    public var filesystem: String { Self.filesystemType(of: path) }

    public var isTmpfs: Bool { filesystem == "tmpfs" || filesystem == "ramfs" }

    public static func filesystemType(of path: String) -> String {
        var info = statfs()
        guard statfs(path, &info) == 0 else { return "unknown (\(String(cString: strerror(errno))))" }
        let magic = UInt64(truncatingIfNeeded: info.f_type)
        let names: [UInt64: String] = [
            0xEF53: "ext2/3/4", 0x0102_1994: "tmpfs", 0x8584_58F6: "ramfs", 0x5846_5342: "xfs",
            0x9123_683E: "btrfs", 0x794C_7630: "overlayfs", 0xF2F5_2010: "f2fs", 0x6969: "nfs",
            0x2FC1_2FC1: "zfs", 0x2468_4E53: "ntfs3", 0x4D44: "vfat", 0x7366_6673: "virtiofs",
            0x6573_5546: "fuse", 0x0102_7FFF: "9p",
        ]
        return names[magic] ?? "unknown (magic 0x\(String(magic, radix: 16)))"
    }

    /// The block device the directory lives on, from /proc/self/mountinfo, if it can be told.
    public var device: String? {
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
        // The longest mount point that is a prefix of the path wins.
        var best: (mountPoint: String, source: String)?
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 9, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { continue }
            let mountPoint = String(fields[4])
            let isPrefix = path == mountPoint || path.hasPrefix(mountPoint == "/" ? "/" : mountPoint + "/")
            if isPrefix, mountPoint.count >= (best?.mountPoint.count ?? -1) {
                best = (mountPoint, String(fields[dash + 2]))
            }
        }
        return best.map { "\($0.source) mounted on \($0.mountPoint)" }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
