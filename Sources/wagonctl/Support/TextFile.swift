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
        if let code = writeAll(line + "\n", to: fd) {
            throw PulseLogError(.io, path: path, message: "cannot write: \(String(cString: strerror(code)))")
        }
    }

    func close() throws {
        guard Glibc.close(fd) == 0 else {
            throw PulseLogError(.io, path: path, message: "cannot close: \(String(cString: strerror(errno)))")
        }
    }
}
