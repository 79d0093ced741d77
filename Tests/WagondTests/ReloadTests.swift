import Foundation
import XCTest

/// SIGHUP: uplink settings change at once, the rest is reported as needing a
/// restart, and a broken file is refused while the daemon runs on.
final class ReloadTests: XCTestCase {
    func testSighupSwitchesTheUplinkAndSaysWhatNeedsARestart() async throws {
        let directory = try makeTemporaryDirectory("reload")
        let boards = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("boards").path
        func config(uploads: String, spacing: String) -> String {
            """
            site = "reload"
            board = "generic"
            board_dirs = ["\(boards)"]
            chip = "gpiochip0"
            [[point]]
            name = "east"
            a = 0
            b = 1
            sensor_spacing_m = \(spacing)
            [store]
            path = "\(directory)/outbox.db"
            [uplink.file]
            path = "\(uploads)"
            [recorder]
            enabled = false
            [metrics]
            enabled = false
            [control]
            socket = "\(directory)/control.sock"
            """
        }
        let path = directory + "/wagond.toml"
        try config(uploads: directory + "/first.jsonl", spacing: "0.14").write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try WagondProcess(["--config", path, "--simulate", "--speedup", "2000", "--seed", "4"],
                                       logPath: directory + "/wagond.log")
        try await waitFor("events in the first file") { Self.lines(directory + "/first.jsonl") > 0 }

        try config(uploads: directory + "/second.jsonl", spacing: "0.15").write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try await waitFor("events in the second file") { Self.lines(directory + "/second.jsonl") > 0 }
        XCTAssertTrue(daemon.log.contains("applied=uplink file"), daemon.log)
        XCTAssertTrue(daemon.log.contains("needs_restart=points, lines or thresholds"), daemon.log)

        try "site = \"reload\"\nbogus = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try await waitFor("the refusal in the log") { daemon.log.contains("does not validate") }
        XCTAssertTrue(daemon.log.contains("wagond.toml:2: unknown key 'bogus'"), daemon.log)
        XCTAssertTrue(daemon.process.isRunning, "a bad file does not stop the daemon")

        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.wait(timeout: 30), 0, daemon.log)
    }

    static func lines(_ path: String) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    func waitFor(_ what: String, timeout: TimeInterval = 60, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { return XCTFail("no \(what) within \(timeout) s") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
