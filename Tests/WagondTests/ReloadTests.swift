import Foundation
import XCTest

/// SIGHUP: uplink settings change at once, a point's counting settings and
/// direction names between trains, the rest is reported as needing a
/// restart, and a broken file is refused while the daemon runs on.
final class ReloadTests: XCTestCase {
    func testSighupSwitchesTheUplinkAndSaysWhatNeedsARestart() async throws {
        let directory = try makeTemporaryDirectory("reload")
        let boards = boardsDirectory
        func config(uploads: String, spacing: String, directions: String = "", socket: String = "control.sock") -> String {
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
            \(directions)
            [store]
            path = "\(directory)/outbox.db"
            [uplink.file]
            path = "\(uploads)"
            [recorder]
            enabled = false
            [metrics]
            enabled = false
            [control]
            socket = "\(directory)/\(socket)"
            """
        }
        let path = directory + "/wagond.toml"
        try config(uploads: directory + "/first.jsonl", spacing: "0.14").write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try WagondProcess(["--config", path, "--simulate", "--speedup", "2000", "--seed", "4"],
                                       logPath: directory + "/wagond.log")
        try await waitFor("events in the first file") { Self.lines(directory + "/first.jsonl") > 0 }

        try config(uploads: directory + "/second.jsonl", spacing: "0.15",
                   directions: #"directions = { AB = "to Khasan", BA = "to Tumangang" }"#)
            .write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try await waitFor("events in the second file") { Self.lines(directory + "/second.jsonl") > 0 }
        XCTAssertTrue(daemon.log.contains("applied=uplink file, counting settings of east (between trains)"), daemon.log)
        XCTAssertTrue(daemon.log.contains("needs_restart=nothing"), daemon.log)
        try await waitFor("the new settings in force") { daemon.log.contains("new counting settings in force") }
        // Every train logged after that carries a direction name, which only the new file gives.
        try await waitFor("a train after the change") { Self.trainsAfterChange(daemon.log) > 0 }
        let after = daemon.log.split(separator: "\n").drop { !$0.contains("new counting settings in force") }
        for line in after where line.contains("train at east:") {
            XCTAssertTrue(line.contains("(to Khasan)") || line.contains("(to Tumangang)"), String(line))
        }

        try config(uploads: directory + "/second.jsonl", spacing: "0.15",
                   directions: #"directions = { AB = "to Khasan", BA = "to Tumangang" }"#, socket: "elsewhere.sock")
            .write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try await waitFor("the restart notice") { daemon.log.contains("needs_restart=control socket") }

        try "site = \"reload\"\nbogus = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try await waitFor("the refusal in the log") { daemon.log.contains("does not validate") }
        XCTAssertTrue(daemon.log.contains("wagond.toml:2: unknown key 'bogus'"), daemon.log)
        XCTAssertTrue(daemon.process.isRunning, "a bad file does not stop the daemon")

        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.wait(timeout: 30), 0, daemon.log)
    }

    static func trainsAfterChange(_ log: String) -> Int {
        log.split(separator: "\n").drop { !$0.contains("new counting settings in force") }
            .filter { $0.contains("train at east:") }.count
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
