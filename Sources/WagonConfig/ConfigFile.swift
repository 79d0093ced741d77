#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading a file gave.
public enum FileRead: Sendable, Hashable {
    case contents([UInt8])
    case missing
    /// Could not be read; the reason, as strerror says it.
    case failed(String)
}

/// Reads configuration files and board profiles.
public enum ConfigFile {
    /// Larger files are refused: no configuration is this big.
    public static let maximumSize = 4 << 20

    /// The whole file; `.missing` when it does not exist.
    @Sendable public static func read(_ path: String) -> FileRead {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .failed(String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failed(String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failed(String(cString: strerror(EISDIR))) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(String(cString: strerror(errno)))
            }
            if count == 0 { return .contents(bytes) }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > maximumSize { return .failed("larger than \(ByteSize.format(Int64(maximumSize)))") }
        }
    }
}

#if canImport(Glibc)
private let readBytes = Glibc.read
#elseif canImport(Darwin)
private let readBytes = Darwin.read
#endif
