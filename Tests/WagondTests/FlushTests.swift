import Foundation
import LoopbackReceiver
import XCTest

/// `wagonctl queue flush`: an uplink told to come back in an hour delivers
/// at once when asked.
final class FlushTests: XCTestCase {
    func testFlushDeliversWithoutWaitingOutRetryAfter() async throws {
        let directory = try makeTemporaryDirectory("flush")
        let receiver = try await LoopbackReceiver.start()
        receiver.script([.status(503, retryAfter: "3600")])
        let daemon = try WagondProcess(
            ["--demo", "--data-dir", directory, "--upload", receiver.url, "--speedup", "2000", "--seed", "8"],
            logPath: directory + "/wagond.log")
        try await waitFor("the 503") { receiver.snapshot().requests.contains { $0.status == 503 } }
        try await Task.sleep(for: .seconds(1))
        XCTAssertEqual(receiver.snapshot().uniqueIDs.count, 0, "the uplink waits out the hour")

        let flush = try RecordedReplayTests.run(RecordedReplayTests.wagonctl,
                                                ["queue", "flush", "--socket", directory + "/control.sock"])
        XCTAssertEqual(flush.status, 0, flush.stderr)
        XCTAssertEqual(flush.stdout, "asked to deliver now: http\n")
        try await waitFor("events after the flush") { receiver.snapshot().uniqueIDs.count > 0 }

        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.wait(timeout: 30), 0, daemon.log)
        try await receiver.stop()
    }

    func waitFor(_ what: String, timeout: TimeInterval = 30, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { return XCTFail("no \(what) within \(timeout) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
