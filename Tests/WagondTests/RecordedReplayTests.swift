import EventStore
import Foundation
import Logging
import TestSupport
import XCTest

/// What the live daemon reported and what `wagonctl replay` makes of the
/// pulse logs it recorded are the same trains: the recorder keeps every
/// edge, and both run the same core.
final class RecordedReplayTests: XCTestCase {
    func testReplayingTheRecordedLogsReproducesTheLiveTrains() async throws {
        let directory = try makeTemporaryDirectory("replay")
        // Nothing listens on this port: every event stays in the outbox.
        let daemon = try WagondProcess(
            ["--demo", "--data-dir", directory, "--upload", "http://127.0.0.1:9/", "--speedup", "2000",
             "--seed", "11", "--log-level", "warning"],
            logPath: directory + "/wagond.log")
        try await Task.sleep(for: .seconds(6))
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.wait(timeout: 30), 0, daemon.log)

        var logger = Logger(label: "replay-test")
        logger.logLevel = .critical
        let store = try await EventStore.openExisting(path: directory + "/outbox.db", logger: logger)
        let live = try await store.events(limit: 100_000)
            .filter { $0.type == "org.wagond.train" }
            .map { try Self.withoutLiveOnlyKeys($0.data) }
        await store.close()
        XCTAssertGreaterThan(live.count, 3, "the daemon counted trains")

        let replay = try Self.run(Self.wagonctl, ["replay", "--json", directory + "/pulses"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        let replayed = try replay.stdout.split(separator: "\n").map { try Self.withoutLiveOnlyKeys(String($0)) }
        XCTAssertEqual(replayed.count, live.count)
        // The stop flags the train open at SIGTERM as interrupted; the log
        // cannot know it was cut short. An interrupted train's tail may be a
        // partial vehicle, so its consist (and the confidence in it) may
        // differ too; what the wheels said may not. Otherwise the trains are
        // the same.
        for (index, (a, b)) in zip(live, replayed).enumerated() {
            if index == live.count - 1, let flags = a["flags"] as? [String], flags.contains("interrupted"),
               !((b["flags"] as? [String]) ?? []).contains("interrupted") {
                let consistKeys = ["flags", "consist", "confidence", "vehicles", "wagons", "locomotives"]
                func wheelsOnly(_ train: NSDictionary) -> NSDictionary {
                    let copy = train.mutableCopy() as! NSMutableDictionary
                    copy.removeObjects(forKeys: consistKeys)
                    return copy
                }
                XCTAssertEqual(wheelsOnly(a), wheelsOnly(b), "the interrupted train \(index + 1) differs")
            } else {
                XCTAssertEqual(a, b, "train \(index + 1) differs")
            }
        }
    }

    /// The live report names the direction (`direction_name`), which the
    /// log cannot know; everything else must match exactly.
    static func withoutLiveOnlyKeys(_ json: String) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return object.filter { $0.key != "direction_name" } as NSDictionary
    }

    static var wagonctl: URL { WagondProcess.binary.deletingLastPathComponent().appendingPathComponent("wagonctl") }

    static func run(_ binary: URL, _ arguments: [String]) throws -> ProgramRun {
        try runCapturing(binary, arguments)
    }
}
