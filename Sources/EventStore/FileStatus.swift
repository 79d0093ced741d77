#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the store needs, without Foundation.
enum FileStatus {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Renames if `path` exists; true on success.
    @discardableResult
    static func rename(_ path: String, to newPath: String) -> Bool {
        guard exists(path) else { return false }
        #if canImport(Glibc)
        return Glibc.rename(path, newPath) == 0
        #else
        return Darwin.rename(path, newPath) == 0
        #endif
    }

    /// Size in bytes, or nil if there is no such file.
    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}
