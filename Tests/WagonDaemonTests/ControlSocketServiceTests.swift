import EventStore
import Foundation
import Testing
import WagonControl
import WagonCore
@testable import WagonDaemon

/// The control socket with a real status, a real outbox in a temporary
/// directory and the real client, inside a service group.
@Suite(.serialized) struct ControlSocketServiceTests {
    static let base: Int64 = 1_764_396_000_000_000_000
    static let clock = StatusResponse.Clock(synchronised: .yes, estimatedErrorMicroseconds: 250,
                                            maxErrorMicroseconds: 12_000, offsetMicroseconds: 3)

    /// Five trains at east one minute apart, each after its "started" notice,
    /// and a health event: eleven events.
    static func fill(_ store: EventStore) async throws {
        try await store.register(uplinks: ["http"])
        for number in 0..<5 {
            let end = base + Int64(number) * 60_000_000_000
            _ = await store.append(NewEvent(type: EventMapper.trainStartedType, subject: "east", time: end - 1,
                                            eventClass: .diagnostic, data: "{}"))
            _ = await store.append(trainEvent(point: "east", number: number + 1, end: end, axles: 20 + number * 4))
        }
        _ = await store.append(NewEvent(type: EventMapper.healthType, subject: "west", time: base,
                                        eventClass: .health, data: #"{"health":"detector_silent"}"#))
    }

    static func makeStatus(startedAt: Nanoseconds) -> DaemonStatus {
        let status = DaemonStatus(site: "test bridge", pointNames: ["east", "west"], startedAt: startedAt)
        status.update { snapshot in
            snapshot.source = "simulation"
            snapshot.ready = true
            snapshot.edges = 1000
            snapshot.points[0].trainsToday = 3
            snapshot.points[0].today = Clocks.localDay(of: Clocks.realtime())
            snapshot.points[0].trainsTotal = 5
            snapshot.points[0].axlesTotal = 140
            snapshot.points[0].lastTrain = TrainSummary(
                end: base, direction: "BA", directionName: "to the mine", axles: 36, wagons: 8, locomotives: 1,
                speedKmh: 44.44, flags: ["stopped"])
            snapshot.points[0].detectorB = DetectorState(state: "chattering", since: base - 5, problems: 2)
            snapshot.points[1].trainOpen = true
        }
        return status
    }

    @Test func statusAnswersFromTheSharedStatusTheOutboxAndTheClock() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let started = Clocks.realtime() - 90_000_000_000
        try await withStore(directory + "/outbox.sqlite") { store in
            try await Self.fill(store)
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: started), store: store,
                logger: quietLogger, clock: { Self.clock })
            try await withRunningService(service) {
                guard case .status(let status) = try await ask(.status, at: service.path) else {
                    Issue.record("not a status")
                    return
                }
                #expect(status.site == "test bridge")
                #expect(status.daemonVersion == DaemonVersion.current)
                #expect(status.started == started)
                #expect(status.uptimeSeconds >= 90 && status.uptimeSeconds < 200)
                #expect(status.source == "simulation" && status.ready && status.edges == 1000)
                #expect(status.points == [
                    StatusResponse.Point(
                        name: "east",
                        detectorB: .init(state: "chattering", since: Self.base - 5, problems: 2),
                        lastTrain: .init(end: Self.base, direction: "BA", directionName: "to the mine", axles: 36,
                                         wagons: 8, locomotives: 1, speedKmh: 44.4, flags: ["stopped"]),
                        trainsToday: 3, trainsTotal: 5, axlesTotal: 140),
                    StatusResponse.Point(name: "west", trainOpen: true),
                ])
                #expect(status.store.path == directory + "/outbox.sqlite")
                #expect(status.store.events == 11)
                #expect(status.store.oldestEvent == Self.base - 1)
                #expect(status.store.maxEvents == StoreLimits().maxEvents)
                #expect(status.store.alarm == nil && status.store.heldInMemory == 0 && status.store.deadLetters == 0)
                #expect(status.uplinks == [StatusResponse.Uplink(name: "http", backlog: 11)])
                #expect(status.clock == Self.clock)
            }
        }
    }

    @Test func eventsListTheNewestTrainsOldestFirst() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withStore(directory + "/outbox.sqlite") { store in
            try await Self.fill(store)
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: 0), store: store,
                logger: quietLogger, clock: { .unknown })
            try await withRunningService(service) {
                guard case .events(let all) = try await ask(.events(since: nil, limit: nil), at: service.path) else {
                    Issue.record("not events")
                    return
                }
                #expect(all.trains.map(\.number) == [1, 2, 3, 4, 5])
                #expect(all.trains.map(\.axles) == [20, 24, 28, 32, 36])
                #expect(!all.truncated)
                #expect(all.trains.last == EventsResponse.Train(
                    seq: 10, id: all.trains.last!.id, point: "east", number: 5, direction: "AB",
                    directionName: "to the port", axles: 36, vehicles: 9, wagons: 8, locomotives: 1,
                    start: Self.base + 240_000_000_000 - 20_000_000_000, end: Self.base + 240_000_000_000,
                    speedKmhAverage: 40.5, lengthMetres: 144))
                #expect(all.trains.last!.id.hasSuffix("-10"))

                let newest = try await ask(.events(since: nil, limit: 2), at: service.path)
                #expect(newest == .events(EventsResponse(trains: Array(all.trains.suffix(2)), truncated: true)))
                let since = try await ask(.events(since: Self.base + 150_000_000_000, limit: 10), at: service.path)
                #expect(since == .events(EventsResponse(trains: Array(all.trains.suffix(2)), truncated: false)))
                let future = try await ask(.events(since: Self.base * 2, limit: nil), at: service.path)
                #expect(future == .events(EventsResponse(trains: [])))
            }
        }
    }

    @Test func badRequestsAreAnsweredAndTheConnectionGoesOn() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: 0), store: store,
                logger: quietLogger, clock: { .unknown })
            try await withRunningService(service) {
                let answers = try await exchange([
                    "hello\n",
                    "{\"version\":2,\"request\":\"status\"}\n",
                    "\n  \r\n{\"version\":1,\"request\":\"dance\"}\r\n",
                    "{\"version\":1,\"request\":\"flush\"}\n",
                    // Two requests in one write: two answers, in order.
                    "{\"version\":1,\"request\":\"events\",\"limit\":0}\n{\"version\":1,\"request\":\"events\"}\n",
                    "",
                ], at: service.path)
                #expect(answers == [
                    #"{"version":1,"ok":false,"error_code":"bad_request","error":"malformed JSON at byte 0: expected a value"}"#,
                    #"{"version":1,"ok":false,"error_code":"unsupported_version","error":"the request speaks control protocol version 2; this side speaks version 1"}"#,
                    #"{"version":1,"ok":false,"error_code":"unknown_request","error":"unknown request \"dance\" (known: status, events, flush)"}"#,
                    #"{"version":1,"ok":false,"error_code":"not_supported","error":"this wagond cannot flush its uplinks on request yet"}"#,
                    #"{"version":1,"ok":false,"error_code":"bad_request","error":"limit must be between 1 and 1000, not 0"}"#,
                    #"{"version":1,"ok":true,"response":"events","trains":[],"truncated":false}"#,
                ])
            }
        }
    }

    @Test func aLineLongerThan64KiBIsRefusedAndTheConnectionClosed() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: 0), store: store,
                logger: quietLogger, clock: { .unknown })
            try await withRunningService(service) {
                let path = service.path
                let outcome = try await onThread { () -> (String, String) in
                    let connection = try ControlConnection(path: path, timeout: .seconds(10))
                    defer { connection.close() }
                    let line = try connection.exchange(Array(repeating: UInt8(ascii: " "), count: 70_000))
                    do throws(ControlClientError) {
                        _ = try connection.exchange([])
                        return (String(decoding: line, as: UTF8.self), "still open")
                    } catch {
                        return (String(decoding: line, as: UTF8.self), "\(error.kind)")
                    }
                }
                #expect(outcome.0 == #"{"version":1,"ok":false,"error_code":"too_long","error":"a request line longer than 65536 bytes"}"#)
                #expect(outcome.1 == "closed")
                // The service itself goes on.
                let answer1 = try await ask(.status, at: path)
                #expect(answer1.name == "status")
            }
        }
    }

    @Test func connectionsBeyondTheLimitAreToldBusy() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: 0), store: store,
                logger: quietLogger, clock: { .unknown }, maxClients: 1)
            try await withRunningService(service) {
                let path = service.path
                let refusal = try await onThread { () -> String in
                    let first = try ControlConnection(path: path, timeout: .seconds(10))
                    defer { first.close() }
                    _ = try first.send(.status)
                    let second = try ControlConnection(path: path, timeout: .seconds(10))
                    defer { second.close() }
                    return String(decoding: try second.exchange([]), as: UTF8.self)
                }
                #expect(refusal == #"{"version":1,"ok":false,"error_code":"busy","error":"wagond serves 1 control connections at once; try again"}"#)
                let answer2 = try await ask(.status, at: path)
                #expect(answer2.name == "status")
            }
        }
    }

    @Test func aConnectionThatSaysNothingIsClosedAfterTheIdleTimeout() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: 0), store: store,
                logger: quietLogger, clock: { .unknown }, idleTimeout: .milliseconds(300))
            try await withRunningService(service) {
                let path = service.path
                let outcome = try await onThread { () -> String in
                    let connection = try ControlConnection(path: path, timeout: .seconds(10))
                    defer { connection.close() }
                    do throws(ControlClientError) {
                        _ = try connection.exchange([])
                        return "answered"
                    } catch {
                        return "\(error.kind)"
                    }
                }
                #expect(outcome == "closed")
            }
        }
    }

    @Test func flushAsksTheUplinksWhenWiredIn() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: directory + "/control.sock", status: Self.makeStatus(startedAt: 0), store: store,
                logger: quietLogger, clock: { .unknown }, flush: { ["http", "file"] })
            try await withRunningService(service) {
                let answer = try await ask(.flush, at: service.path)
                #expect(answer == .flush(FlushResponse(uplinks: ["http", "file"])))
            }
        }
    }

    @Test func theSocketIsGroupOnlyReplacesAStaleOneAndIsRemovedAtShutdown() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control.sock"
        try leaveStaleSocket(at: path)
        #expect(throws: ControlClientError.self) { try ControlClient.send(.status, path: path) }
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: path, status: Self.makeStatus(startedAt: 0), store: store, logger: quietLogger,
                clock: { .unknown })
            try await withRunningService(service) {
                let answer3 = try await ask(.status, at: path)
                #expect(answer3.name == "status")
                var info = stat()
                #expect(lstat(path, &info) == 0)
                #expect(info.st_mode & 0o7777 == 0o660)
                #expect(info.st_mode & mode_t(S_IFMT) == mode_t(S_IFSOCK))
                #expect(info.st_gid == getegid())

                // A second daemon must not take the live socket away.
                let second = ControlSocketService(
                    path: path, status: Self.makeStatus(startedAt: 0), store: store, logger: quietLogger)
                await #expect(throws: ControlSocketError.self) { try await second.run() }
                let answer4 = try await ask(.status, at: path)
                #expect(answer4.name == "status")
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func anythingButASocketAtThePathIsLeftAlone() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control.sock"
        try "precious".write(toFile: path, atomically: false, encoding: .utf8)
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: path, status: Self.makeStatus(startedAt: 0), store: store, logger: quietLogger)
            do {
                try await service.run()
                Issue.record("the service started over a regular file")
            } catch let error as ControlSocketError {
                #expect(error.description == "control socket \(path): exists and is not a socket; not replacing it")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test func aMissingDirectoryIsAnErrorThatSaysSo() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/no/such/dir/control.sock"
        try await withStore(directory + "/outbox.sqlite") { store in
            let service = ControlSocketService(
                path: path, status: Self.makeStatus(startedAt: 0), store: store, logger: quietLogger)
            do {
                try await service.run()
                Issue.record("the service started without its directory")
            } catch let error as ControlSocketError {
                #expect(error.description == "control socket: cannot bind \(path): No such file or directory "
                    + "(does the directory exist? systemd makes it with RuntimeDirectory=wagond)")
            }
        }
    }

    /// What a crashed daemon leaves: a socket file nobody listens on.
    private func leaveStaleSocket(at path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(descriptor)
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    }
}
