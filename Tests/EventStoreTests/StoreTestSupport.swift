import EventStore
import Foundation
import Logging
import XCTest

/// A fresh directory per test, removed afterwards.
func makeTemporaryDirectory(_ name: String = "store") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wagond-\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

let quietLogger: Logger = {
    var logger = Logger(label: "test.store")
    logger.logLevel = .critical
    return logger
}()

/// A train event whose data names its position in the scenario, so a test
/// can tell which event arrived without trusting the store's numbering.
func trainEvent(_ number: Int, padding: Int = 0) -> NewEvent {
    NewEvent(
        type: "org.wagond.train", subject: "P1", time: 1_700_000_000_000_000_000 + Int64(number) * 1_000_000_000,
        eventClass: .train, data: "{\"n\":\(number),\"pad\":\"\(String(repeating: "x", count: padding))\"}")
}

func event(_ number: Int, _ eventClass: EventClass) -> NewEvent {
    NewEvent(type: "org.wagond.\(eventClass.name)", subject: "P1", time: Int64(number), eventClass: eventClass,
             data: "{\"n\":\(number)}")
}

/// The scenario number written into an event's data by `trainEvent`/`event`.
func scenarioNumber(_ event: StoredEvent) -> Int? {
    guard let range = event.data.range(of: "\"n\":") else { return nil }
    return Int(event.data[range.upperBound...].prefix { $0.isNumber })
}

/// A small tmpfs of our own, to fill up or make read-only. Mounting needs
/// root (as CI runs); without it the test fails and says why.
final class ScratchFilesystem {
    let path: String

    init(sizeKiB: Int, readOnly: Bool = false) throws {
        guard getuid() == 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo") else {
            throw TestSetupError("disk-full and read-only tests mount a tmpfs: they need root or sudo (CI runs them as root)")
        }
        path = try makeTemporaryDirectory("tmpfs")
        let options = "size=\(sizeKiB)k,mode=0755,uid=\(getuid()),gid=\(getgid())\(readOnly ? ",ro" : "")"
        try Self.privileged("/bin/mount", "-t", "tmpfs", "-o", options, "tmpfs", path)
    }

    func remount(sizeKiB: Int? = nil, readOnly: Bool) throws {
        var options = "remount," + (readOnly ? "ro" : "rw")
        if let sizeKiB { options += ",size=\(sizeKiB)k" }
        try Self.privileged("/bin/mount", "-o", options, path)
    }

    /// Root mounts directly; anyone else through `sudo -n` (the tmpfs is
    /// then owned by them).
    @discardableResult
    static func privileged(_ executable: String, _ arguments: String...) throws -> String {
        if getuid() == 0 { return try runArguments(executable, arguments) }
        return try runArguments("/usr/bin/sudo", ["-n", executable] + arguments)
    }

    /// Takes every free byte with a filler file, as someone else's logs would.
    func fill() {
        let filler = path + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: filler) else { return }
        let block = Data(repeating: 0, count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()
    }

    func removeFiller() throws {
        try FileManager.default.removeItem(atPath: path + "/filler")
    }

    deinit {
        _ = try? Self.privileged("/bin/umount", "-l", path)
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Not a skip: a failure with a reason, so an unrun test never counts as passed.
struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@discardableResult
func run(_ executable: String, _ arguments: String...) throws -> String {
    try runArguments(executable, arguments)
}

@discardableResult
func runArguments(_ executable: String, _ arguments: [String]) throws -> String {
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

/// Opens a store for one test and always closes it (SQLite-NIO asserts that
/// connections are closed, even when a test fails half-way).
func withStore(
    _ path: String, limits: StoreLimits = StoreLimits(), _ body: (EventStore) async throws -> Void
) async throws {
    let store = await EventStore.open(path: path, limits: limits, logger: quietLogger)
    do {
        try await body(store)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}
