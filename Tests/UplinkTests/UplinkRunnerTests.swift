import EventStore
import Foundation
import HTTPUplink
import Logging
import LoopbackReceiver
import Uplink
import XCTest

/// The delivery loop between a real outbox and a real HTTP receiver.
final class UplinkRunnerTests: XCTestCase {
    func testABacklogDrainsInOrderThroughFailuresWithNothingLost() async throws {
        let receiver = try await LoopbackReceiver.start()
        receiver.setFailureRate(0.3, seed: 42, failures: [.status(500), .closeConnection, .acceptThenClose, .status(408)])
        try await withHTTPRunner(receiver, policy: BatchPolicy(maxEvents: 50, maxAge: .zero)) { store, runner in
            await store.append((1...1234).map(event))
            let result = await runner.drain(maxFailures: 1000)
            XCTAssertEqual(result.delivered, 1234)

            let snapshot = receiver.snapshot()
            let epoch = await store.epoch
            let expectedIDs = Set((1...1234).map { "\(epoch)-\($0)" })
            XCTAssertEqual(snapshot.uniqueIDs, expectedIDs, "every event arrived")
            XCTAssertGreaterThan(snapshot.duplicates, 0, "lost acknowledgements made the runner send some again")
            XCTAssertEqual(firstArrivalSeqs(snapshot), Array(1...1234), "first arrivals in the box's order")
            let stats = await store.stats()
            XCTAssertEqual(stats.events, 0, "delivered events leave the outbox")
            XCTAssertGreaterThan(stats.uplinks.first?.failures ?? 0, 0)
        }
        try await receiver.stop()
    }

    func testARefusedBatchIsDeadLetteredAndTheQueueGoesOn() async throws {
        let receiver = try await LoopbackReceiver.start()
        receiver.script([.accept, .status(400, body: "event 11 has no axles")])
        try await withHTTPRunner(receiver, policy: BatchPolicy(maxEvents: 10, maxAge: .zero)) { store, runner in
            await store.append((1...30).map(event))
            _ = await runner.drain()
            let epoch = await store.epoch
            let arrived = receiver.snapshot().events.map(\.id)
            XCTAssertEqual(Array(arrived.prefix(10)), (1...10).map { "\(epoch)-\($0)" })
            XCTAssertEqual(Array(arrived.dropFirst(10).prefix(10)), (21...30).map { "\(epoch)-\($0)" }, "past the refused batch")
            XCTAssertEqual(receiver.snapshot().events.last?.type, StoreEventType.deadLettered, "the backend is told")
            let letters = try await store.deadLetters(limit: 100)
            XCTAssertEqual(letters.map(\.event.id), (11...20).map { "\(epoch)-\($0)" })
            XCTAssertTrue(letters[0].reason.contains("event 11 has no axles"), letters[0].reason)
        }
        try await receiver.stop()
    }

    func testRetryAfterIsObeyed() async throws {
        let receiver = try await LoopbackReceiver.start()
        receiver.script([.status(503, retryAfter: "1")])
        try await withHTTPRunner(receiver, policy: BatchPolicy(maxEvents: 10, maxAge: .zero)) { store, runner in
            await store.append((1...5).map(event))
            let started = ContinuousClock.now
            let result = await runner.drain()
            XCTAssertEqual(result.delivered, 5)
            // A lower bound only: the backend asked for a second, and got it.
            XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .seconds(1))
            XCTAssertEqual(receiver.snapshot().requests.map(\.status), [503, 200])
        }
        try await receiver.stop()
    }

    func testBatchesFillByCountAndGoByAge() async throws {
        let receiver = try await LoopbackReceiver.start()
        let policy = BatchPolicy(maxEvents: 10, maxAge: .milliseconds(700), idlePoll: .milliseconds(20))
        try await withHTTPRunner(receiver, policy: policy) { store, runner in
            let running = Task { await runner.run() }
            // Three events a little apart: one batch once the first is old enough.
            for number in 1...3 {
                await store.append(event(number))
                try await Task.sleep(for: .milliseconds(30))
            }
            try await waitUntil { receiver.snapshot().uniqueIDs.count == 3 }
            XCTAssertEqual(receiver.snapshot().requests.map(\.acceptedEvents), [3])
            // 25 at once: full batches of 10 go at once, the rest by age.
            await store.append((4...28).map(event))
            try await waitUntil { receiver.snapshot().uniqueIDs.count == 28 }
            XCTAssertEqual(receiver.snapshot().requests.map(\.acceptedEvents), [3, 10, 10, 5])
            running.cancel()
            await running.value
        }
        try await receiver.stop()
    }

    func testTheFileUplinkWritesOneCloudEventPerLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wagond-file-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = await EventStore.open(path: directory + "/outbox.db", logger: silent)
        let uplink = FileUplink(path: directory + "/events.jsonl", source: "wagond/test")
        try await store.register(uplinks: [uplink.name])
        await store.append((1...7).map(event))
        let result = await UplinkRunner(uplink: uplink, store: store, logger: silent).drain()
        XCTAssertEqual(result.delivered, 7)
        let lines = try String(contentsOfFile: directory + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        let ids = try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["id"] as? String ?? ""
        }
        let epoch = await store.epoch
        XCTAssertEqual(ids, (1...7).map { "\(epoch)-\($0)" })
        await store.close()
    }

    // MARK: - Helpers

    let silent: Logger = {
        var logger = Logger(label: "test.uplink")
        logger.logLevel = .critical
        return logger
    }()

    func event(_ number: Int) -> NewEvent {
        NewEvent(type: "org.wagond.train", subject: "P1", time: Int64(number) * 1_000_000_000, eventClass: .train,
                 data: "{\"n\":\(number)}")
    }

    func firstArrivalSeqs(_ snapshot: ReceiverSnapshot) -> [Int] {
        var seen = Set<String>()
        return snapshot.events.filter { seen.insert($0.id).inserted }.compactMap { $0.wagondseq.map(Int.init) }
    }

    func withHTTPRunner(
        _ receiver: LoopbackReceiver, policy: BatchPolicy,
        _ body: (EventStore, UplinkRunner) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wagond-runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = await EventStore.open(path: directory + "/outbox.db", logger: silent)
        let uplink = try HTTPUplink(
            configuration: HTTPUplinkConfiguration(url: receiver.url, source: "wagond/test", requestTimeout: .seconds(2)),
            logger: silent)
        try await store.register(uplinks: [uplink.name])
        let runner = UplinkRunner(
            uplink: uplink, store: store, policy: policy,
            backoff: Backoff(base: .milliseconds(5), cap: .milliseconds(40)), logger: silent)
        do {
            try await body(store, runner)
        } catch {
            await uplink.shutdown()
            await store.close()
            throw error
        }
        await uplink.shutdown()
        await store.close()
    }

    func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { return XCTFail("condition not met within \(timeout)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
