import EventStore
import Foundation
import Logging
import ServiceLifecycle
import WagonControl
@testable import WagonDaemon

let quietLogger: Logger = {
    var logger = Logger(label: "test.control")
    logger.logLevel = .critical
    return logger
}()

/// A fresh directory per test, removed afterwards. Short: a socket path has
/// at most 107 bytes.
func makeTemporaryDirectory() throws -> String {
    let path = "/tmp/wagond-ctl-" + String(UUID().uuidString.prefix(8))
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs `body` on a thread of its own: the client blocks, and the service it
/// talks to needs the cooperative pool's threads (two on this machine).
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// One request over a fresh connection, with the real client.
func ask(_ request: ControlRequest, at path: String) async throws -> ControlResponse {
    try await onThread { try ControlClient.send(request, path: path, timeout: .seconds(10)) }
}

/// Raw lines over one connection: what a hand-written client would send.
func exchange(_ lines: [String], at path: String) async throws -> [String] {
    try await onThread {
        let connection = try ControlConnection(path: path, timeout: .seconds(10))
        defer { connection.close() }
        return try lines.map { line in
            String(decoding: try connection.exchange(Array(line.utf8)), as: UTF8.self)
        }
    }
}

/// Runs the service in a service group while `body` runs, then shuts the
/// group down gracefully, as SIGTERM would.
func withRunningService(
    _ service: ControlSocketService, _ body: () async throws -> Void
) async throws {
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [service], logger: quietLogger))
    let running = Task { try await group.run() }
    // Ready when it answers: a stale socket file may be there before the
    // service has replaced it and listens.
    let deadline = ContinuousClock.now + .seconds(20)
    while (try? ControlClient.send(.status, path: service.path, timeout: .seconds(1))) == nil,
          ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
    }
    do {
        try await body()
    } catch {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        throw error
    }
    await group.triggerGracefulShutdown()
    try await running.value
}

/// An outbox for one test, always closed (SQLite-NIO asserts that it is).
func withStore(_ path: String, _ body: (EventStore) async throws -> Void) async throws {
    let store = await EventStore.open(path: path, logger: quietLogger)
    do {
        try await body(store)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}

/// A completed train as EventMapper stores it (the replay contract's keys
/// plus point, train number and direction name).
func trainEvent(point: String, number: Int, end: Int64, axles: Int) -> NewEvent {
    let data = """
        {"direction":"AB","axles":\(axles),"vehicles":\(axles / 4),"wagons":\(axles / 4 - 1),"locomotives":1,\
        "start_ns":\(end - 20_000_000_000),"end_ns":\(end),"speed_kmh_avg":40.5,"length_m":\(axles * 4).0,\
        "flags":[],"point":"\(point)","train":\(number),"speed_kmh_min":39.0,"speed_kmh_max":42.0,\
        "confidence":0.990,"consist":[],"direction_name":"to the port"}
        """
    return NewEvent(type: EventMapper.trainType, subject: point, time: end, eventClass: .train, data: data)
}
