#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small files the uplink needs (password, PEM files), with failures as
/// configuration errors that name `what` and the path.
enum FileContents {
    /// Fails unless `path` opens for reading: libmosquitto reads the PEM files
    /// itself, at connect, and would only say "invalid arguments".
    static func checkReadable(_ path: String, what: String) throws(MQTTUplinkConfigurationError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, what: what, errno: errno) }
        close(fd)
    }

    /// The file's first line, without its line break.
    static func firstLine(of path: String, what: String) throws(MQTTUplinkConfigurationError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, what: what, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, what: what, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            // A password is short; anything this big is the wrong file.
            if bytes.count > 64 * 1024 {
                throw MQTTUplinkConfigurationError(
                    code: .invalidSetting, path: path, message: "\(what) \(path) is larger than 64 KiB: wrong file?")
            }
        }
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let withoutReturn = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        return String(decoding: withoutReturn, as: UTF8.self)
    }

    private static func unreadable(_ path: String, what: String, errno code: Int32) -> MQTTUplinkConfigurationError {
        MQTTUplinkConfigurationError(
            code: .unreadableFile, path: path,
            message: "cannot read \(what) \(path): \(String(cString: strerror(code)))")
    }
}
