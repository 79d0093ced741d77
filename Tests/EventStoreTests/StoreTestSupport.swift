import EventStore
import Foundation
import Logging
import XCTest

/// A fresh directory per test, removed afterwards.
func makeTemporaryDirectory(_ name: String = "store") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wagond-\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

let quietLogger: Logger = {
    var logger = Logger(label: "test.store")
    logger.logLevel = .critical
    return logger
}()

/// A train event whose data names its position in the scenario, so a test
/// can tell which event arrived without trusting the store's numbering.
func trainEvent(_ number: Int, padding: Int = 0) -> NewEvent {
    NewEvent(
        type: "org.wagond.train", subject: "P1", time: 1_700_000_000_000_000_000 + Int64(number) * 1_000_000_000,
        eventClass: .train, data: "{\"n\":\(number),\"pad\":\"\(String(repeating: "x", count: padding))\"}")
}

func event(_ number: Int, _ eventClass: EventClass) -> NewEvent {
    NewEvent(type: "org.wagond.\(eventClass.name)", subject: "P1", time: Int64(number), eventClass: eventClass,
             data: "{\"n\":\(number)}")
}

/// The scenario number written into an event's data by `trainEvent`/`event`.
func scenarioNumber(_ event: StoredEvent) -> Int? {
    guard let range = event.data.range(of: "\"n\":") else { return nil }
    return Int(event.data[range.upperBound...].prefix { $0.isNumber })
}

/// Opens a store for one test and always closes it (SQLite-NIO asserts that
/// connections are closed, even when a test fails half-way).
func withStore(
    _ path: String, limits: StoreLimits = StoreLimits(), _ body: (EventStore) async throws -> Void
) async throws {
    let store = await EventStore.open(path: path, limits: limits, logger: quietLogger)
    do {
        try await body(store)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}
