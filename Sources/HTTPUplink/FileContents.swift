#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the small files the uplink needs at start (token, PEM files),
/// turning failures into configuration errors that name `what` and the path.
enum FileContents {
    static func bytes(of path: String, what: String) throws(HTTPUplinkConfigurationError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, what: what, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, what: what, errno: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            // A token or a few certificates; anything this big is the wrong file.
            if bytes.count > 1 << 20 {
                throw HTTPUplinkConfigurationError(
                    code: .invalidFileContent, path: path, message: "\(what) \(path) is larger than 1 MiB: wrong file?")
            }
        }
    }

    private static func unreadable(_ path: String, what: String, errno code: Int32) -> HTTPUplinkConfigurationError {
        HTTPUplinkConfigurationError(
            code: .unreadableFile, path: path,
            message: "cannot read \(what) \(path): \(String(cString: strerror(code)))")
    }
}
