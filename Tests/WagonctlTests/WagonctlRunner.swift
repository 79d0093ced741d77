import Foundation
import TestSupport

/// A run of the built `wagonctl` binary, as a user would run it.
typealias Run = ProgramRun

enum Wagonctl {
    /// The binary next to the test bundle in the build directory.
    static var binary: URL {
        var directory = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("wagonctl").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("wagonctl")
    }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        try runCapturing(binary, arguments, stdin: stdin)
    }

    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "wagonctl-test-\(getpid())-" + name
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}
