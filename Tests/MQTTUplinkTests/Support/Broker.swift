import Foundation
import XCTest

/// A real mosquitto on loopback for one test: its own directory, config and
/// log, listeners on free ports. Stopped when the test ends.
final class Broker {
    /// Where the listeners are, in the order they were asked for.
    let ports: [Int]
    var port: Int { ports[0] }
    let directory: String
    private let configurationPath: String
    private let logPath: String
    private var process: ChildProcess?
    private let ownsDirectory: Bool

    /// `listeners` holds the extra lines of each listener (TLS files…),
    /// `global` lines for the whole broker (ACL file, packet size limit);
    /// `anonymous` lets clients in without a user name.
    init(listeners: [String] = [""], anonymous: Bool = true, global: String = "", in directory: String? = nil) throws {
        self.directory = try directory ?? TemporaryDirectory.make()
        ownsDirectory = directory == nil
        ports = try listeners.map { _ in try LoopbackPort.free() }
        configurationPath = self.directory + "/mosquitto.conf"
        logPath = self.directory + "/mosquitto.log"
        var text = """
            allow_anonymous \(anonymous)
            persistence false
            log_dest file \(logPath)
            log_type all

            """
        // As root, mosquitto would switch to its own user, which cannot read
        // the test's files.
        if getuid() == 0 { text += "user root\n" }
        text += global + "\n"
        for (port, lines) in zip(ports, listeners) {
            text += "listener \(port) 127.0.0.1\n\(lines)\n"
        }
        try text.write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    /// Starts mosquitto and waits until every listener accepts connections.
    func start() throws {
        let process = try ChildProcess(try Executable.locate("mosquitto", package: "mosquitto"), ["-c", configurationPath])
        self.process = process
        for port in ports {
            guard LoopbackPort.waitUntilListening(port, timeout: 5, while: { process.isRunning }) else {
                throw BrokerError("mosquitto did not listen on port \(port); its log:\n\(log)")
            }
        }
    }

    /// SIGKILL: the broker dies with no goodbye, as in a crash or power cut.
    func kill() {
        process?.signal(SIGKILL)
        process?.wait()
        process = nil
    }

    /// SIGSTOP: the broker holds its connections open but answers nothing.
    func pause() { process?.signal(SIGSTOP) }
    func resume() { process?.signal(SIGCONT) }

    func stop() {
        process?.signal(SIGCONT)
        process?.signal(SIGTERM)
        process?.wait()
        process = nil
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "(no log)" }

    deinit {
        stop()
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

struct BrokerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum TemporaryDirectory {
    static func make() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/wagond-mqtt-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BrokerError("mkdtemp failed: errno \(errno)") }
        return String(cString: made)
    }
}
