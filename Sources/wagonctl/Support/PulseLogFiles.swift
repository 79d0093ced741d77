import PulseLog
#if canImport(Glibc)
import Glibc
#endif

/// The logs an input argument names: one file, '-', or a directory's
/// regular files in name order (the recorder's names sort by time), read as
/// one stream.
func pulseLogFiles(_ input: String) throws -> [String] {
    if input == "-" { return ["-"] }
    var info = stat()
    guard stat(input, &info) == 0 else {
        throw PulseLogError(.cannotOpen, path: input, message: "cannot open: \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFDIR else { return [input] }
    guard let directory = opendir(input) else {
        throw PulseLogError(.cannotOpen, path: input, message: "cannot list: \(String(cString: strerror(errno)))")
    }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name.hasPrefix(".") { continue }
        let path = input.hasSuffix("/") ? input + name : input + "/" + name
        var fileInfo = stat()
        if stat(path, &fileInfo) == 0, (fileInfo.st_mode & S_IFMT) == S_IFREG { names.append(path) }
    }
    guard !names.isEmpty else {
        throw PulseLogError(.cannotOpen, path: input, message: "no pulse logs in this directory")
    }
    return names.sorted()
}
