#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small files an uplink reads at start (tokens, passwords, PEM files),
/// with failures as configuration errors that name the uplink, `what` and
/// the path.
public enum UplinkFile {
    /// The whole file. Anything over `limit` is the wrong file (a token or
    /// a few certificates are small) and is refused, not read on.
    public static func bytes(of path: String, what: String, limit: Int = 1 << 20,
                             uplink: String) throws(UplinkConfigurationError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, what: what, errno: errno, uplink: uplink) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, what: what, errno: errno, uplink: uplink)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                throw UplinkConfigurationError(
                    uplink: uplink, code: .invalidFileContent, path: path,
                    message: "\(what) \(path) is larger than \(limit / 1024) KiB: wrong file?")
            }
        }
    }

    /// The file's first line, without its line break (`\n` or `\r\n`).
    public static func firstLine(of path: String, what: String, limit: Int = 64 * 1024,
                                 uplink: String) throws(UplinkConfigurationError) -> String {
        let bytes = try bytes(of: path, what: what, limit: limit, uplink: uplink)
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let withoutReturn = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        return String(decoding: withoutReturn, as: UTF8.self)
    }

    /// Fails unless `path` opens for reading: for files a C library reads
    /// later by itself and would only say "invalid arguments" about.
    public static func checkReadable(_ path: String, what: String, uplink: String) throws(UplinkConfigurationError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, what: what, errno: errno, uplink: uplink) }
        close(fd)
    }

    private static func unreadable(_ path: String, what: String, errno code: Int32,
                                   uplink: String) -> UplinkConfigurationError {
        UplinkConfigurationError(
            uplink: uplink, code: .unreadableFile, path: path,
            message: "cannot read \(what) \(path): \(String(cString: strerror(code)))")
    }
}
