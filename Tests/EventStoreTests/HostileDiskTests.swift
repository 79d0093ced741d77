import EventStore
import Foundation
import TestSupport
import XCTest

/// The disk says no: full, or read-only. The store keeps taking events,
/// holds them in memory, raises an alarm, and writes them in order once the
/// disk takes them again. Real filesystems: a tmpfs of our own.
final class HostileDiskTests: XCTestCase {
    func testAFullDiskHoldsEventsInMemoryAndWritesThemInOrderLater() async throws {
        let disk = try ScratchFilesystem(sizeKiB: 256)
        try await withStore(disk.path + "/outbox.db") { store in
            var held = 0
            var firstHeld: Int?
            for number in 1...600 {
                if case .held = await store.append(trainEvent(number, padding: 1000)) {
                    held += 1
                    firstHeld = firstHeld ?? number
                }
            }
            // 600 kB of events cannot fit in 256 kB: some must have been held.
            XCTAssertGreaterThan(held, 0)
            let during = await store.stats()
            XCTAssertNotNil(during.writeFailure, "the alarm is up while writes fail")
            XCTAssertGreaterThan(during.heldInMemory, 0)

            try disk.remount(sizeKiB: 8192, readOnly: false)
            let receipt = await store.flushPending()
            guard case .durable = receipt else { return XCTFail("still held after the disk grew: \(receipt)") }

            let events = try await store.events(limit: 10_000)
            let trains = events.filter { $0.type == "org.wagond.train" }.compactMap(scenarioNumber)
            XCTAssertEqual(trains, Array(1...600), "every event that fitted in memory, in order")
            XCTAssertEqual(events.map(\.seq), events.map(\.seq).sorted())
            let notice = events.first { $0.type == StoreEventType.writeFailed }
            XCTAssertNotNil(notice, "the recovery is reported")
            XCTAssertTrue(notice?.data.contains("\"lost\":{\"diagnostic\":0,\"health\":0,\"train\":0,\"notice\":0}") ?? false,
                          notice?.data ?? "")
            let after = await store.stats()
            XCTAssertNil(after.writeFailure)
            XCTAssertEqual(after.heldInMemory, 0)
            XCTAssertNotNil(firstHeld)
        }
    }

    func testWhatDoesNotFitInMemoryIsCountedLowestClassFirst() async throws {
        let disk = try ScratchFilesystem(sizeKiB: 256)
        let limits = StoreLimits(memoryBufferEvents: 50)
        try await withStore(disk.path + "/outbox.db", limits: limits) { store in
            await store.append(event(0, .health))
            disk.fill()
            // 40 trains then 40 diagnostics: 80 events, room for 50; the 30 lost must be diagnostics.
            for number in 1...40 { await store.append(event(number, .train)) }
            for number in 41...80 { await store.append(event(number, .diagnostic)) }
            try disk.removeFiller()
            guard case .durable = await store.flushPending() else { return XCTFail("still held after the disk was freed") }

            let events = try await store.events(limit: 1000)
            let numbers = events.compactMap(scenarioNumber)
            XCTAssertEqual(numbers.filter { (1...40).contains($0) }, Array(1...40), "no train lost")
            XCTAssertEqual(numbers.filter { $0 > 40 }, Array(71...80), "the newest diagnostics kept")
            let notice = events.first { $0.type == StoreEventType.writeFailed }
            XCTAssertTrue(notice?.data.contains("\"diagnostic\":30") ?? false, notice?.data ?? "no notice")
        }
    }

    func testAReadOnlyStateDirectoryAtStartIsSurvived() async throws {
        let disk = try ScratchFilesystem(sizeKiB: 1024, readOnly: true)
        try await withStore(disk.path + "/outbox.db") { store in
            let receipt = await store.append(trainEvent(1))
            guard case .held(let count, let reason) = receipt else { return XCTFail("durable on a read-only disk?") }
            XCTAssertEqual(count, 1)
            XCTAssertTrue(reason.contains("outbox.db"), reason)

            try disk.remount(readOnly: false)
            // The store retries opening at most once a second.
            try await Task.sleep(for: .milliseconds(1100))
            await store.append(trainEvent(2))
            let events = try await store.events(limit: 10)
            XCTAssertEqual(events.filter { $0.type == "org.wagond.train" }.compactMap(scenarioNumber), [1, 2])
            XCTAssertTrue(events.contains { $0.type == StoreEventType.writeFailed })
        }
    }
}
