import EventStore
import Foundation
import Logging
import LoopbackReceiver
import XCTest

/// Power cuts, as near as a test gets: kill -9 wagond at random moments
/// while it counts simulated trains at a high rate and uploads to a receiver
/// that fails now and then. At the end every durable event is at the
/// receiver, none is missing, and the raw duplicates are counted.
final class CrashTests: XCTestCase {
    /// `WAGOND_CRASH_KILLS` sets the number of kills (CI: 200).
    var kills: Int { ProcessInfo.processInfo.environment["WAGOND_CRASH_KILLS"].flatMap(Int.init) ?? 10 }

    func testKill9AtRandomMomentsLosesNothingAndDuplicatesOnlyWhatTheReceiverNeverAcknowledged() async throws {
        let directory = try makeTemporaryDirectory("crash")
        let receiver = try await LoopbackReceiver.start()
        receiver.setFailureRate(0.1, seed: 7, failures: [.status(500), .closeConnection, .acceptThenClose])
        var generator = SystemRandomNumberGenerator()
        let logPath = directory + "/wagond.log"

        for round in 1...kills {
            let daemon = try WagondProcess(
                ["--demo", "--data-dir", directory, "--upload", receiver.url, "--speedup", "20000",
                 "--seed", String(round), "--log-level", "warning"],
                logPath: logPath)
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...1500, using: &generator)))
            daemon.signal(SIGKILL)
            XCTAssertNotNil(daemon.wait(timeout: 10), "round \(round): wagond did not die")
        }

        // One last calm run drains the outbox; SIGTERM once it is empty.
        let final = try WagondProcess(
            ["--demo", "--data-dir", directory, "--upload", receiver.url, "--speedup", "1", "--seed", "0"],
            logPath: logPath)
        receiver.setFailureRate(0, seed: 0, failures: [])
        let drained = try await waitForEmptyOutbox(directory + "/outbox.db", timeout: .seconds(120))
        final.signal(SIGTERM)
        XCTAssertEqual(final.wait(timeout: 30), 0, "a clean stop after SIGTERM")
        XCTAssertTrue(drained, "the outbox drained")

        // Every number the outbox ever gave out reached the receiver.
        var logger = Logger(label: "crash-test")
        logger.logLevel = .critical
        let store = try await EventStore.openExisting(path: directory + "/outbox.db", logger: logger)
        let stats = await store.stats()
        let epoch = await store.epoch
        await store.close()
        let snapshot = receiver.snapshot()
        try await receiver.stop()

        XCTAssertGreaterThan(stats.newestSeq, Int64(kills), "the daemon produced events")
        let expected = Set((1...max(stats.newestSeq, 1)).map { "\(epoch)-\($0)" })
        let missing = expected.subtracting(snapshot.uniqueIDs)
        XCTAssertTrue(missing.isEmpty, "\(missing.count) events never reached the receiver, e.g. \(missing.sorted().prefix(5))")
        XCTAssertTrue(snapshot.uniqueIDs.isSubset(of: expected), "the receiver has ids the outbox never issued")
        var seen = Set<String>()
        let firstArrivals = snapshot.events.filter { seen.insert($0.id).inserted }.compactMap(\.wagondseq)
        XCTAssertEqual(firstArrivals, firstArrivals.sorted(), "first arrivals in the box's order")
        XCTAssertEqual(stats.dropped.values.reduce(0, +), 0, "no cap was reached")
        print("crash test: \(kills) kills, \(stats.newestSeq) events, \(snapshot.uniqueIDs.count) unique at the receiver, "
              + "\(snapshot.duplicates) raw duplicate deliveries, \(snapshot.requests.count) requests")
    }

    private func waitForEmptyOutbox(_ path: String, timeout: Duration) async throws -> Bool {
        var logger = Logger(label: "crash-test")
        logger.logLevel = .critical
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            guard let store = try? await EventStore.openExisting(path: path, logger: logger) else { continue }
            let stats = await store.stats()
            await store.close()
            if let http = stats.uplinks.first(where: { $0.name == "http" }), http.backlog == 0, stats.newestSeq > 0 {
                return true
            }
        }
        return false
    }
}
