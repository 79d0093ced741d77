import EventStore
import Foundation
import XCTest

final class EventStoreTests: XCTestCase {
    func testAppendedEventsAreNumberedInOrderAndSurviveReopening() async throws {
        let path = try makeTemporaryDirectory() + "/outbox.db"
        var epoch = ""
        try await withStore(path) { store in
            let receipt = await store.append((1...5).map { trainEvent($0) })
            XCTAssertEqual(receipt, .durable(lastSeq: 5))
            epoch = await store.epoch
        }
        XCTAssertEqual(epoch.count, 16)

        try await withStore(path) { reopened in
            let reopenedEpoch = await reopened.epoch
            XCTAssertEqual(reopenedEpoch, epoch, "the same file keeps its epoch")
            let appended = await reopened.append(trainEvent(6))
            XCTAssertEqual(appended, .durable(lastSeq: 6))
            let events = try await reopened.events(limit: 100)
            XCTAssertEqual(events.map(\.seq), [1, 2, 3, 4, 5, 6])
            XCTAssertEqual(events.map(scenarioNumber), [1, 2, 3, 4, 5, 6])
            XCTAssertEqual(events.map(\.id), (1...6).map { "\(epoch)-\($0)" })
            XCTAssertEqual(events[0].subject, "P1")
            XCTAssertEqual(events[0].eventClass, .train)
            XCTAssertEqual(events[0].time, trainEvent(1).time)
        }
    }

    func testNumbersAreNeverReusedAfterTheNewestEventsLeave() async throws {
        let path = try makeTemporaryDirectory() + "/outbox.db"
        try await withStore(path) { store in
            try await store.register(uplinks: ["http"])
            await store.append((1...3).map { trainEvent($0) })
            try await store.acknowledge(uplink: "http", through: 3, delivered: 3)
            let remaining = try await store.events(limit: 10).count
            XCTAssertEqual(remaining, 0)
        }
        try await withStore(path) { reopened in
            let appendedAfterReopen = await reopened.append(trainEvent(4))
            XCTAssertEqual(appendedAfterReopen, .durable(lastSeq: 4))
        }
    }

    func testAnEventLeavesOnlyOnceEveryUplinkHasDeliveredIt() async throws {
        try await withStore(try makeTemporaryDirectory() + "/outbox.db") { store in
            try await store.register(uplinks: ["http", "mqtt"])
            await store.append((1...10).map { trainEvent($0) })

            let httpBatch = try await store.batch(for: "http", limit: 4)
            XCTAssertEqual(httpBatch.map(scenarioNumber), [1, 2, 3, 4])
            try await store.acknowledge(uplink: "http", through: httpBatch.last!.seq, delivered: 4)
            let httpRest = try await store.batch(for: "http", limit: 100).map(scenarioNumber)
            XCTAssertEqual(httpRest, Array(5...10))
            let onDisk = try await store.events(limit: 100).count
            XCTAssertEqual(onDisk, 10, "mqtt has delivered nothing yet")

            try await store.acknowledge(uplink: "mqtt", through: 6, delivered: 6)
            let afterMQTT = try await store.events(limit: 100).map(scenarioNumber)
            XCTAssertEqual(afterMQTT, Array(5...10))
            let stats = await store.stats()
            XCTAssertEqual(stats.events, 6)
            XCTAssertEqual(stats.uplinks.map(\.name), ["http", "mqtt"])
            XCTAssertEqual(stats.uplinks.map(\.backlog), [6, 4])
            XCTAssertEqual(stats.uplinks.map(\.delivered), [4, 6])
        }
    }

    func testTheCapDropsTheOldestOfTheLowestClassFirstAndSaysSo() async throws {
        let limits = StoreLimits(maxEvents: 10)
        try await withStore(try makeTemporaryDirectory() + "/outbox.db", limits: limits) { store in
            // 3 trains, 3 health, 3 diagnostic: 9 events, one short of the cap.
            await store.append([event(1, .train), event(2, .health), event(3, .diagnostic),
                                event(4, .train), event(5, .health), event(6, .diagnostic),
                                event(7, .train), event(8, .health), event(9, .diagnostic)])
            // Two more trains: room for them and the drop notice takes 2 + 1 - 1 = 2 drops.
            await store.append([event(10, .train), event(11, .train)])

            let events = try await store.events(limit: 100)
            XCTAssertLessThanOrEqual(events.count, 10)
            let numbers = events.compactMap(scenarioNumber)
            XCTAssertFalse(numbers.contains(3), "oldest diagnostic goes first")
            XCTAssertFalse(numbers.contains(6), "then the next diagnostic")
            XCTAssertTrue(numbers.contains(9), "the newest diagnostic was not needed")
            XCTAssertEqual(numbers.filter { [1, 4, 7, 10, 11].contains($0) }, [1, 4, 7, 10, 11], "no train lost")
            let notices = events.filter { $0.type == StoreEventType.dropped }
            XCTAssertEqual(notices.count, 1)
            XCTAssertTrue(notices[0].data.contains("\"diagnostic\":2"), notices[0].data)
            XCTAssertTrue(notices[0].data.contains("\"train\":0"), notices[0].data)
            XCTAssertEqual(notices[0].eventClass, .notice)
            let stats = await store.stats()
            XCTAssertEqual(stats.dropped[.diagnostic], 2)
            XCTAssertNil(stats.dropped[.train])
        }
    }

    func testTrainsAreDroppedOnlyWhenNothingLesserIsLeft() async throws {
        try await withStore(try makeTemporaryDirectory() + "/outbox.db", limits: StoreLimits(maxEvents: 6)) { store in
            await store.append([event(1, .health), event(2, .train), event(3, .train), event(4, .train)])
            await store.append([event(5, .train), event(6, .train), event(7, .train)])
            let numbers = try await store.events(limit: 100).compactMap(scenarioNumber)
            XCTAssertFalse(numbers.contains(1), "the health event went first")
            XCTAssertFalse(numbers.contains(2), "then the oldest train")
            XCTAssertEqual(numbers.filter { $0 >= 3 }, [3, 4, 5, 6, 7])
            let stats = await store.stats()
            XCTAssertEqual(stats.dropped[.health], 1)
            XCTAssertEqual(stats.dropped[.train], 1)
            XCTAssertLessThanOrEqual(stats.events, 6)
        }
    }

    func testTheByteCapHolds() async throws {
        let limits = StoreLimits(maxBytes: 64 * 1024)
        try await withStore(try makeTemporaryDirectory() + "/outbox.db", limits: limits) { store in
            for number in 1...200 { await store.append(trainEvent(number, padding: 1000)) }
            let stats = await store.stats()
            XCTAssertLessThanOrEqual(stats.bytes, 64 * 1024)
            // About 1,100 bytes each: at most 59 fit, and the newest are kept.
            let numbers = try await store.events(limit: 1000).compactMap(scenarioNumber)
            XCTAssertEqual(numbers.last, 200)
            XCTAssertGreaterThan(numbers.count, 40)
            XCTAssertEqual(numbers, Array(numbers.sorted()), "what is left is still in order")
            XCTAssertEqual((stats.dropped[.train] ?? 0) + numbers.count, 200, "every train is either kept or counted as dropped")
        }
    }

    func testACorruptFileIsMovedAsideAndTheFirstEventSaysSo() async throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/outbox.db"
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))

        try await withStore(path) { store in
            await store.append(trainEvent(1))
            let events = try await store.events(limit: 10)
            XCTAssertEqual(events.map(\.type), [StoreEventType.recovered, "org.wagond.train"])
            XCTAssertEqual(events[0].seq, 1)
            let kept = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("outbox.db.corrupt-") }
            XCTAssertEqual(kept.count, 1, "the damaged file is kept for forensics")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + kept[0])).count, 8192)
            XCTAssertTrue(events[0].data.contains(kept[0]), events[0].data)
        }
    }

    func testDamagedPagesInsideAValidFileAreFoundAtStart() async throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/outbox.db"
        var oldEpoch = ""
        try await withStore(path) { store in
            await store.append((1...400).map { trainEvent($0, padding: 200) })
            oldEpoch = await store.epoch
        }

        // Scribble over the middle of the file, leaving the header intact.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xFF, count: 4096 * 3))
        try handle.close()

        try await withStore(path) { recovered in
            let events = try await recovered.events(limit: 10)
            XCTAssertEqual(events.first?.type, StoreEventType.recovered)
            let newEpoch = await recovered.epoch
            XCTAssertNotEqual(newEpoch, oldEpoch, "a fresh database can never reissue an id the backend has seen")
        }
    }

    func testRefusedBatchesBecomeDeadLettersAndGoBackWithTheirIDs() async throws {
        try await withStore(try makeTemporaryDirectory() + "/outbox.db") { store in
            try await store.register(uplinks: ["http"])
            await store.append((1...5).map { trainEvent($0) })
            let batch = try await store.batch(for: "http", limit: 2)
            try await store.deadLetter(uplink: "http", events: batch, reason: "HTTP 400: bad event")

            let next = try await store.batch(for: "http", limit: 10)
            XCTAssertEqual(next.compactMap(scenarioNumber), [3, 4, 5], "the queue goes on past the refused batch")
            XCTAssertEqual(next.last?.type, StoreEventType.deadLettered, "and a notice says what was refused")
            let letters = try await store.deadLetters(limit: 10)
            XCTAssertEqual(letters.map(\.event.id), batch.map(\.id))
            XCTAssertEqual(letters.map(\.reason), ["HTTP 400: bad event", "HTTP 400: bad event"])

            let requeued = try await store.requeueDeadLetters()
            XCTAssertEqual(requeued, 2)
            let lettersLeft = try await store.deadLetters(limit: 10).count
            XCTAssertEqual(lettersLeft, 0)
            let again = try await store.batch(for: "http", limit: 10)
            XCTAssertEqual(Array(again.suffix(2)).map(\.id), batch.map(\.id), "requeued events keep their ids")
            XCTAssertEqual(Array(again.suffix(2)).compactMap(scenarioNumber), [1, 2])
        }
    }

    func testToolsOpenOnlyAnExistingOutbox() async throws {
        let directory = try makeTemporaryDirectory()
        do {
            _ = try await EventStore.openExisting(path: directory + "/none.db", logger: quietLogger)
            XCTFail("opened a missing outbox")
        } catch let error as StoreError {
            XCTAssertEqual(error, .missing(directory + "/none.db"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/none.db"), "a tool creates nothing")
    }
}

final class EventStoreConcurrencyTests: XCTestCase {
    /// The counting loop appends while an uplink reads and acknowledges: each
    /// call awaits SQLite on a thread pool, so without the store's gate their
    /// transactions would interleave on the one connection.
    func testAppendsAndAcknowledgementsFromConcurrentTasksNeverInterleave() async throws {
        try await withStore(try makeTemporaryDirectory() + "/outbox.db") { store in
            try await store.register(uplinks: ["http"])
            let appended = 300
            let receipts = try await withThrowingTaskGroup(of: [AppendReceipt].self) { group in
                group.addTask {
                    var receipts: [AppendReceipt] = []
                    for number in 1...appended { receipts.append(await store.append(trainEvent(number))) }
                    return receipts
                }
                group.addTask {
                    var delivered = 0
                    while delivered < appended {
                        let batch = try await store.batch(for: "http", limit: 7)
                        guard let last = batch.last else { await Task.yield(); continue }
                        try await store.acknowledge(uplink: "http", through: last.seq, delivered: batch.count)
                        delivered += batch.count
                    }
                    return []
                }
                var all: [AppendReceipt] = []
                for try await receipts in group { all += receipts }
                return all
            }
            XCTAssertEqual(receipts, (1...appended).map { .durable(lastSeq: Int64($0)) }, "every append durable, in order")
            let stats = await store.stats()
            XCTAssertNil(stats.writeFailure)
            XCTAssertEqual(stats.events, 0, "everything acknowledged has left")
            XCTAssertEqual(stats.uplinks.first?.delivered, appended)
        }
    }
}
