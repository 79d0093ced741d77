import Foundation

/// A small tmpfs of a test's own, to fill up or make read-only: a real full
/// disk. Root mounts directly; anyone else through `sudo -n`, the tmpfs then
/// owned by them. Without either the test fails and says why.
public final class ScratchFilesystem {
    public let path: String

    public init(sizeKiB: Int, readOnly: Bool = false) throws {
        guard getuid() == 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo") else {
            throw TestSetupError("disk-full and read-only tests mount a tmpfs: they need root or sudo (CI runs them as root)")
        }
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wagond-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let options = "size=\(sizeKiB)k,mode=0755,uid=\(getuid()),gid=\(getgid())\(readOnly ? ",ro" : "")"
        try Self.privileged("/bin/mount", "-t", "tmpfs", "-o", options, "tmpfs", path)
    }

    public func remount(sizeKiB: Int? = nil, readOnly: Bool) throws {
        var options = "remount," + (readOnly ? "ro" : "rw")
        if let sizeKiB { options += ",size=\(sizeKiB)k" }
        try Self.privileged("/bin/mount", "-o", options, path)
    }

    /// Takes every free byte with a filler file, as someone else's files would.
    public func fill() {
        let filler = path + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: filler) else { return }
        let block = Data(repeating: 0, count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()
    }

    public func removeFiller() throws {
        try FileManager.default.removeItem(atPath: path + "/filler")
    }

    deinit {
        _ = try? Self.privileged("/bin/umount", "-l", path)
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    private static func privileged(_ executable: String, _ arguments: String...) throws -> String {
        if getuid() == 0 { return try runProgram(executable, arguments) }
        return try runProgram("/usr/bin/sudo", ["-n", executable] + arguments)
    }
}

/// Not a skip: a failure with a reason, so an unrun test never counts as passed.
public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a program to its end; its output, or a `TestSetupError` with it.
@discardableResult
public func runProgram(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
    return text
}
