import EventStore
import Logging
import Prometheus
import ServiceLifecycle
import TrainSim
import Uplink
import WagonCore
import WagonDaemon
import XCTest

/// The metrics endpoint over real loopback HTTP. Each test has its own
/// registry and factory (no global bootstrap), so tests can run in parallel;
/// every expected value comes from what the test itself did.
final class MetricsServiceTests: XCTestCase {
    let logger = Logger(label: "test")

    func testTrainsCountedByTheDaemonAppearOnTheEndpoint() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = DaemonMetrics.makeFactory(registry: registry)
        let directory = try TemporaryDirectory()
        let store = await EventStore.open(path: directory.path + "/outbox.db", logger: logger)
        // Two trains over one point, AB then BA, 60 s apart, on an ideal sensor.
        let scenario = Scenario(trains: [
            TrainRun(consist: try Consist(parsing: "2xTE116,6xgondola"), profile: .constant(kmh: 40), direction: .ab),
            TrainRun(consist: try Consist(parsing: "vectron,4xuicx"), profile: .constant(kmh: 80), direction: .ba),
        ])
        let log = scenario.generate()
        XCTAssertEqual(log.trains.map(\.direction), [.ab, .ba])

        let point = PointSettings(
            name: "east", counting: CountingPointSettings(sensorSpacing: scenario.sensor.spacing,
                                                          detectionZone: scenario.sensor.zone),
            lineA: .init(channel: "east.A", line: .offset(0)),
            lineB: .init(channel: "east.B", line: .offset(1)))
        let status = DaemonStatus(site: "test", pointNames: ["east"], startedAt: 0)
        let counting = CountingService(
            source: ScriptedLiveSource(edges: log.edges, pointNames: ["east"]), settings: [point], recorder: nil, store: store,
            status: status, notifier: SystemdNotifier(environment: [:]),
            observer: MetricsObserver(pointNames: ["east"], factory: factory), logger: logger)
        let metrics = MetricsService(
            configuration: .init(port: 0, refreshInterval: .milliseconds(50)), registry: registry, store: store,
            factory: factory, logger: logger)

        try await running([metrics, counting]) { group in
            let port = try await waitForPort(metrics)
            let text = try await eventually("both trains on the endpoint") {
                let text = try HTTP.get(port: port).body
                return Exposition(text).value("wagond_trains_total", ["point": "east", "direction": "BA"]) == 1
                    && Exposition(text).value("wagond_outbox_events") == 4 ? text : nil
            }
            let exposition = Exposition(text)
            XCTAssertEqual(exposition.value("wagond_edges_total", ["point": "east"]), Double(log.edges.count))
            XCTAssertEqual(exposition.value("wagond_axles_total", ["point": "east", "direction": "AB"]),
                           Double(log.trains[0].axles))
            XCTAssertEqual(exposition.value("wagond_axles_total", ["point": "east", "direction": "BA"]),
                           Double(log.trains[1].axles))
            XCTAssertEqual(exposition.value("wagond_axles_total", ["point": "east", "direction": "unknown"]), 0)
            XCTAssertEqual(exposition.value("wagond_trains_total", ["point": "east", "direction": "AB"]), 1)
            XCTAssertEqual(exposition.samples(named: "wagond_health_events_total").count, 0,
                           "an ideal sensor raises no health event")
            // Each train: one "started" and one completed report. The source
            // hands out every edge in one read: one turn, one append.
            XCTAssertEqual(exposition.value("wagond_outbox_appends_total"), 4)
            XCTAssertEqual(exposition.value("wagond_outbox_append_seconds_count"), 1)
            XCTAssertEqual(exposition.value("wagond_outbox_held_in_memory"), 0)
            XCTAssertNil(exposition.value("wagond_ring_pending"), "no reader, no ring series")
            await group.triggerGracefulShutdown()
        }
        await store.close()
    }

    func testOutboxUplinksAndSourceAreRefreshedFromTheirOwners() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = DaemonMetrics.makeFactory(registry: registry)
        let directory = try TemporaryDirectory()
        let store = await EventStore.open(path: directory.path + "/outbox.db", logger: logger)
        try await store.register(uplinks: ["backend", "idle"])
        let minuteAgo = Clocks.realtime() - 60_000_000_000
        let events = (0..<3).map {
            NewEvent(type: "org.wagond.train", subject: "east", time: minuteAgo + Int64($0) * 1_000_000,
                     eventClass: .train, data: "{\"axles\":\($0)}")
        }
        await store.append(events)
        // 64 bytes of allowance per event, plus its type, subject and data.
        let bytes = events.reduce(0) { $0 + 64 + $1.type.utf8.count + 4 + $1.data.utf8.count }

        // "backend": refuses once, then takes batches of two: 1-2, then 3.
        let uplink = ScriptedUplink(name: "backend", outcomes: [
            .retry(after: .milliseconds(1), reason: "503"), .delivered, .delivered,
        ])
        let runner = UplinkRunner(uplink: uplink, store: store, policy: BatchPolicy(maxEvents: 2),
                                  logger: logger, metricsFactory: factory)
        let drained = await runner.drain()
        XCTAssertEqual(drained.delivered, 3)

        let reading = SourceReading(edgesLostInKernel: 2, edgesLostInRing: 5, ringPending: 7)
        let metrics = MetricsService(
            configuration: .init(port: 0, refreshInterval: .milliseconds(50)), registry: registry, store: store,
            sourceReading: { reading }, factory: factory, logger: logger)

        try await running([metrics]) { group in
            let port = try await waitForPort(metrics)
            let response = try await eventually("the outbox refreshed") {
                let response = try HTTP.get(port: port)
                return Exposition(response.body).value("wagond_outbox_events") == 3 ? response : nil
            }
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
            let exposition = Exposition(response.body)
            XCTAssertEqual(exposition.value("wagond_outbox_bytes"), Double(bytes))
            XCTAssertEqual(exposition.value("wagond_outbox_held_in_memory"), 0)
            for eventClass in EventClass.allCases {
                XCTAssertEqual(exposition.value("wagond_outbox_dropped_total", ["class": eventClass.name]), 0)
            }
            let backend = ["uplink": "backend"]
            XCTAssertEqual(exposition.value("wagond_uplink_deliveries_total", backend.merging(["result": "delivered"]) { $1 }), 2)
            XCTAssertEqual(exposition.value("wagond_uplink_deliveries_total", backend.merging(["result": "retry"]) { $1 }), 1)
            XCTAssertEqual(exposition.value("wagond_uplink_deliveries_total", backend.merging(["result": "rejected"]) { $1 }), 0)
            XCTAssertEqual(exposition.value("wagond_uplink_delivery_seconds_count", backend), 3)
            XCTAssertEqual(exposition.value("wagond_uplink_backlog", backend), 0)
            XCTAssertEqual(exposition.value("wagond_uplink_oldest_undelivered_age_seconds", backend), 0)
            XCTAssertEqual(exposition.value("wagond_uplink_backlog", ["uplink": "idle"]), 3)
            let age = try XCTUnwrap(exposition.value("wagond_uplink_oldest_undelivered_age_seconds", ["uplink": "idle"]))
            XCTAssertGreaterThanOrEqual(age, 60)
            XCTAssertLessThan(age, 600)
            XCTAssertEqual(exposition.value("wagond_edges_lost_total", ["where": "kernel"]), 2)
            XCTAssertEqual(exposition.value("wagond_edges_lost_total", ["where": "ring"]), 5)
            XCTAssertEqual(exposition.value("wagond_ring_pending"), 7)
            XCTAssertEqual(exposition.value("wagond_build_info", ["version": WagondVersion.current]), 1)
            XCTAssertTrue(response.body.contains("# HELP wagond_uplink_backlog Events the uplink has still to deliver.\n"
                                                 + "# TYPE wagond_uplink_backlog gauge\n"))
            await group.triggerGracefulShutdown()
        }
        await store.close()
    }

    func testHealthEventsAndDegradedAxlesAreCountedPerDetectorAndKind() throws {
        let registry = PrometheusCollectorRegistry()
        let observer = MetricsObserver(factory: DaemonMetrics.makeFactory(registry: registry))
        let channels = ChannelTable(pointNames: ["east", "west"])
        let westB = Detector(point: 1, side: .b)
        observer.counted(
            edges: [Edge(time: 1, detector: westB, occupied: true), Edge(time: 2, detector: westB, occupied: false),
                    Edge(time: 3, detector: Detector(point: 0, side: .a), occupied: true)],
            events: [
                .health(HealthEvent(detector: westB, time: 10, kind: .silent)),
                .axle(AxlePassage(point: 1, direction: nil, time: 11, speed: 10)),
                .axle(AxlePassage(point: 1, direction: nil, time: 12, speed: 10)),
                .health(HealthEvent(detector: westB, time: 13, kind: .recovered)),
                .health(HealthEvent(detector: westB, time: 14, kind: .silent)),
            ],
            channels: channels)
        let exposition = Exposition(registry.emitToString())
        XCTAssertEqual(exposition.value("wagond_edges_total", ["point": "west"]), 2)
        XCTAssertEqual(exposition.value("wagond_edges_total", ["point": "east"]), 1)
        XCTAssertEqual(exposition.value("wagond_axles_total", ["point": "west", "direction": "unknown"]), 2)
        XCTAssertEqual(exposition.value("wagond_health_events_total",
                                        ["point": "west", "detector": "B", "kind": "detector_silent"]), 2)
        XCTAssertEqual(exposition.value("wagond_health_events_total",
                                        ["point": "west", "detector": "B", "kind": "detector_recovered"]), 1)
        XCTAssertEqual(exposition.samples(named: "wagond_health_events_total").count, 2)
    }

    func testOtherPathsAreNotFoundAndOtherMethodsNotAllowed() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = MetricsService(configuration: .init(port: 0), registry: registry, store: nil,
                                     factory: DaemonMetrics.makeFactory(registry: registry), logger: logger)
        try await running([metrics]) { group in
            let port = try await waitForPort(metrics)
            XCTAssertEqual(try HTTP.get(port: port, path: "/").status, 404)
            XCTAssertEqual(try HTTP.get(port: port, path: "/metrics/extra").status, 404)
            XCTAssertEqual(try HTTP.request(port: port, method: "POST", path: "/nowhere").status, 404)
            let post = try HTTP.request(port: port, method: "POST", path: "/metrics")
            XCTAssertEqual(post.status, 405)
            XCTAssertEqual(post.headers["allow"], "GET, HEAD")
            XCTAssertEqual(try HTTP.request(port: port, method: "DELETE", path: "/metrics").status, 405)
            let withQuery = try HTTP.get(port: port, path: "/metrics?name[]=wagond_build_info")
            XCTAssertEqual(withQuery.status, 200)
            XCTAssertTrue(withQuery.body.contains("wagond_build_info{version=\"\(WagondVersion.current)\"} 1"))
            let head = try HTTP.request(port: port, method: "HEAD", path: "/metrics")
            XCTAssertEqual(head.status, 200)
            XCTAssertEqual(head.body, "")
            XCTAssertEqual(head.headers["content-length"], String(withQuery.body.utf8.count))
            await group.triggerGracefulShutdown()
        }
    }

    func testGracefulShutdownClosesTheListenerAndOpenConnections() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = MetricsService(configuration: .init(port: 0), registry: registry, store: nil,
                                     factory: DaemonMetrics.makeFactory(registry: registry), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [metrics], logger: logger))
        let run = Task { try await group.run() }
        let port = try await waitForPort(metrics)
        // A scraper's keep-alive connection, idle after one answer.
        let connection = try HTTP.Connection(port: port)
        try connection.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        XCTAssertTrue(try connection.receive(until: "wagond_build_info").hasPrefix("HTTP/1.1 200 OK\r\n"))

        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await run.value
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "shutdown does not wait for the refresh interval")
        XCTAssertNil(metrics.listeningPort)
        XCTAssertTrue(try connection.readsEndOfFile(), "the idle connection is closed")
        XCTAssertThrowsError(try HTTP.get(port: port), "nothing listens any more")
    }

    func testAPortInUseIsRetriedWithoutStoppingTheService() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = DaemonMetrics.makeFactory(registry: registry)
        let first = MetricsService(configuration: .init(port: 0), registry: registry, store: nil, factory: factory,
                                   logger: logger)
        let firstGroup = ServiceGroup(configuration: .init(services: [first], logger: logger))
        let firstRun = Task { try await firstGroup.run() }
        let port = try await waitForPort(first)

        let second = MetricsService(
            configuration: .init(port: port, refreshInterval: .milliseconds(20), bindRetryInterval: .milliseconds(100)),
            registry: registry, store: nil, factory: factory, logger: logger)
        try await running([second]) { group in
            try await Task.sleep(for: .milliseconds(300))
            XCTAssertNil(second.listeningPort, "the port is taken")
            await firstGroup.triggerGracefulShutdown()
            try await firstRun.value
            let bound = try await waitForPort(second)
            XCTAssertEqual(bound, port, "bound once the port was free")
            XCTAssertEqual(try HTTP.get(port: port).status, 200)
            await group.triggerGracefulShutdown()
        }
    }

    func testListenAddressesAreHostColonPort() throws {
        func parsed(_ text: String) throws -> String {
            let configuration = try MetricsService.Configuration(listen: text)
            return "\(configuration.host) \(configuration.port)"
        }
        XCTAssertEqual(try parsed("127.0.0.1:9464"), "127.0.0.1 9464")
        XCTAssertEqual(try parsed("0.0.0.0:9100"), "0.0.0.0 9100")
        XCTAssertEqual(try parsed("[::1]:9464"), "::1 9464")
        XCTAssertEqual(try parsed("localhost:80"), "localhost 80")
        XCTAssertEqual(try parsed(":9999"), "127.0.0.1 9999", "no host: loopback")
        for bad in ["9464", "::1:9464", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:x", "[::1:9464", "[]:9464"] {
            XCTAssertThrowsError(try MetricsService.Configuration(listen: bad), bad) { error in
                XCTAssertTrue("\(error)".hasPrefix("metrics: '\(bad)' is not HOST:PORT"), "\(error)")
            }
        }
    }

    // MARK: - Helpers

    /// Runs `services` in a group while `body` runs; `body` shuts the group down.
    func running(_ services: [any Service],
                 _ body: (ServiceGroup) async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        let run = Task { try await group.run() }
        do {
            try await body(group)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await run.value
            throw error
        }
        try await run.value
    }

    func waitForPort(_ service: MetricsService) async throws -> Int {
        try await eventually("the service listening") { service.listeningPort }
    }

    /// Polls `probe` every 20 ms for up to 20 s (the machine is busy).
    func eventually<T>(_ what: String, _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("timed out waiting for \(what)")
    }
}
