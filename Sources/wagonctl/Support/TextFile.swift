import PulseLog
#if canImport(Glibc)
import Glibc
#endif

/// A small text output file (expected results, reports).
final class TextFile {
    private let fd: Int32
    private let path: String

    init(creating path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        self.path = path
        guard fd >= 0 else {
            throw PulseLogError(.io, path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    func writeLine(_ line: String) throws {
        var text = line + "\n"
        try text.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = write(fd, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw PulseLogError(.io, path: path, message: "cannot write: \(String(cString: strerror(errno)))")
                }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }

    func close() throws {
        guard Glibc.close(fd) == 0 else {
            throw PulseLogError(.io, path: path, message: "cannot close: \(String(cString: strerror(errno)))")
        }
    }
}
